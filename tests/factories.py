from __future__ import annotations

import io
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class DocumentFactory(factory.django.DjangoModelFactory):
    """An uploaded document whose text has been read; `status` and `text` are what search cares about."""

    class Meta:
        model = "inspections.Document"

    file = factory.django.FileField(filename="report.txt", data=b"report")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    original_name = factory.Sequence(lambda n: f"report-{n}.pdf")
    size = 6
    status = "published"
    doc_kind = "ilacs_inspection"
    text = "The report's text."


def document_to_review(name: str) -> Any:
    """A stored upload waiting for review, its bytes its own name: for tests that publish without parsing."""
    from inspections.ingest import store_upload
    from inspections.models import Document, DocumentStatus

    document, _ = store_upload(io.BytesIO(name.encode()), name)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.NEEDS_REVIEW)
    document.refresh_from_db()
    return document
