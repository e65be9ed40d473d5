"""Following an authority from its page, and the list of those followed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from authorities.models import Authority, Follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def bury(authorities: None) -> Authority:
    return Authority.objects.get(slug="bury")


def test_a_signed_in_viewer_follows_and_unfollows_from_the_authority_page(
    client: Client, viewer, bury: Authority
) -> None:
    client.force_login(viewer)
    page = client.get(bury.get_absolute_url()).content.decode()
    assert ">Follow<" in page

    response = client.post(reverse("authorities:follow", args=["bury"]), {"follow": "1", "next": "/authorities/bury/"})
    assert response.status_code == 302
    assert response["Location"] == "/authorities/bury/"
    assert Follow.objects.filter(user=viewer, authority=bury).count() == 1
    page = client.get(bury.get_absolute_url()).content.decode()
    assert ">Unfollow<" in page
    # Following twice is still following once.
    client.post(reverse("authorities:follow", args=["bury"]), {"follow": "1"})
    assert Follow.objects.filter(user=viewer).count() == 1

    listing = client.get(reverse("authorities:following")).content.decode()
    assert 'href="/authorities/bury/">Bury</a>' in listing

    client.post(reverse("authorities:follow", args=["bury"]), {"follow": "0", "next": reverse("authorities:following")})
    assert not Follow.objects.filter(user=viewer).exists()
    assert "You follow no authority yet" in client.get(reverse("authorities:following")).content.decode()


def test_the_follow_button_is_not_on_the_page_of_a_reader_who_is_not_signed_in(client: Client, bury: Authority) -> None:
    page = client.get(bury.get_absolute_url()).content.decode()
    assert reverse("authorities:follow", args=["bury"]) not in page
    assert "csrfmiddlewaretoken" not in page  # so the page can still be kept by the page cache


def test_following_goes_back_only_to_this_site(client: Client, viewer, bury: Authority) -> None:
    client.force_login(viewer)
    response = client.post(reverse("authorities:follow", args=["bury"]), {"next": "https://evil.example/"})
    assert response["Location"] == "/authorities/bury/"
