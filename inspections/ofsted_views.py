"""The *New from Ofsted* page: what the sync with Ofsted's site fetched, when, and where each document stands."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from authorities.models import Follow
from config.http import AuthenticatedHttpRequest

from .models import Document, OfstedSync

RUNS_SHOWN = 5


@login_required
# Documents arrive before review, so, like the Documents page, this is for signed-in people with a role.
@permission_required("inspections.view_document", raise_exception=True)
@require_GET
def ofsted_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    documents = Document.objects.filter(ofsted_file_id__isnull=False).select_related("authority")
    followed = request.GET.get("followed") == "1"
    follows = list(Follow.objects.filter(user=request.user).select_related("authority"))
    if followed:
        documents = documents.filter(authority__in=[f.authority for f in follows])
    page = Paginator(documents.order_by("-uploaded_at", "-pk"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "runs": OfstedSync.objects.all()[:RUNS_SHOWN],
        "follows": follows,
        "followed": followed,
        "auto_publish": settings.OFSTED_AUTO_PUBLISH,
    }
    return render(request, "inspections/ofsted_new.html", context)
