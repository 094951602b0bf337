"""Conventions: multi-party agreements, their parties, axes, articles and documents."""

from conventions.models.conventions import (
    Convention,
    ConventionQuerySet,
    ReferenceCounter,
    next_reference,
)
from conventions.models.documents import Document, ReportBatch, document_upload_to
from conventions.models.parties import Party
from conventions.models.programmes import Programme
from conventions.models.texts import Axis, Clause

__all__ = [
    "Axis",
    "Clause",
    "Convention",
    "ConventionQuerySet",
    "Document",
    "Party",
    "Programme",
    "ReferenceCounter",
    "ReportBatch",
    "document_upload_to",
    "next_reference",
]
