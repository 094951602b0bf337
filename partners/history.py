"""The parts of an organisation (and of a contact) whose changes its "Historique" shows."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from core import registry


def _relationships_of(ids: list[int]) -> Q:
    return Q(source_id__in=ids) | Q(target_id__in=ids)


def _journal_of(ids: list[int]) -> Q:
    from partners.models import Interaction

    return Q(id__in=Interaction.objects.filter(organisations__in=ids).values("pk"))


def _relationship(row: object) -> str:
    return _("Relation : %(source)s %(kind)s %(target)s") % {
        "source": row.source, "kind": row.get_kind_display(), "target": row.target
    }  # fmt: skip


def _merged_into(obj: object) -> list[int]:
    """The records merged into `obj`: their history is part of its own."""
    from partners.models import Merge

    return list(
        Merge.objects.filter(kind=obj._meta.model_name, kept_id=obj.pk).values_list(
            "removed_id", flat=True
        )
    )


def register() -> None:
    from partners.models import Affiliation, Interaction, Relationship

    place = "partners.Organisation"
    registry.history.register_part(
        place, Relationship, filter=_relationships_of, describe=_relationship,
        select_related=("source", "target"),
    )  # fmt: skip
    registry.history.register_part(
        place, Affiliation, filter=lambda ids: Q(organisation_id__in=ids),
        describe=lambda row: _("Fonction : %(contact)s — %(role)s") % {
            "contact": row.contact, "role": row.role_title},
        select_related=("contact",),
    )  # fmt: skip
    registry.history.register_part(
        place, Interaction, filter=_journal_of,
        describe=lambda row: _("Journal : %(subject)s") % {"subject": row.subject},
    )  # fmt: skip
    registry.history.register_part(
        "partners.Contact", Affiliation, filter=lambda ids: Q(contact_id__in=ids),
        describe=lambda row: _("Fonction : %(role)s, %(organisation)s") % {
            "role": row.role_title, "organisation": row.organisation},
        select_related=("organisation",),
    )  # fmt: skip
    for label in ("partners.Organisation", "partners.Contact"):
        registry.history.register_aliases(label, _merged_into)
