"""Following authorities: a signed-in person is emailed when a new document on one they follow arrives from
Ofsted's site (inspections.ofsted_sync)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from config.http import AuthenticatedHttpRequest

from .models import Authority, Follow


@login_required
@permission_required(settings.TRAJECTORY_READ_PERMISSION, raise_exception=True)
@require_POST
def authority_follow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Follow the authority, or with `follow=0` stop following it; back to where the button was."""
    authority = get_object_or_404(Authority, slug=slug)
    if request.POST.get("follow") == "0":
        Follow.objects.filter(user=request.user, authority=authority).delete()
        messages.success(request, f"You no longer follow {authority.name}.")
    else:
        Follow.objects.get_or_create(user=request.user, authority=authority)
        where = f"to {request.user.email}" if request.user.email else "once an administrator adds your email address"
        messages.success(request, f"You follow {authority.name}: new documents from Ofsted on it are emailed {where}.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = authority.get_absolute_url()
    return HttpResponseRedirect(back)


@login_required
@permission_required(settings.TRAJECTORY_READ_PERMISSION, raise_exception=True)
@require_GET
def following(request: AuthenticatedHttpRequest) -> HttpResponse:
    follows = Follow.objects.filter(user=request.user).select_related("authority")
    return render(request, "authorities/following.html", {"follows": follows, "here": reverse("authorities:following")})
