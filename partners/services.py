"""Writes with side effects for partners: archiving, the journal with its follow-up, links."""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import versioning
from core.models import User
from core.text import normalize
from partners import signals
from partners.models import Contact, Interaction, Organisation, Relationship
from partners.validators import compact_identifier

# Above this difflib ratio two normalised names are "very similar" ("esat les calanques"
# and "esat des calanques" score 0.94; "unea" and "fei" score 0).
SIMILAR_NAME_RATIO = 0.85
DUPLICATE_LIMIT = 5


def organisation_duplicates(*, name: str, siret: str = "", exclude_pk: int | None = None) -> list:
    """Organisations that are likely the same: same SIREN, or a very similar normalised name.

    Works the same on SQLite and PostgreSQL: names are compared in Python, on the
    normalised column only, which stays cheap for tens of thousands of organisations.
    """
    wanted = normalize(name)
    siren = compact_identifier(siret)[:9]
    candidates = Organisation.objects.all()
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = []
    for pk, other_name, other_siren in candidates.values_list("pk", "name_normalized", "siren"):
        if siren and other_siren == siren:
            matches.append((2.0, pk))
            continue
        matcher = SequenceMatcher(None, wanted, other_name, autojunk=False)
        if (
            matcher.real_quick_ratio() >= SIMILAR_NAME_RATIO
            and matcher.quick_ratio() >= SIMILAR_NAME_RATIO
        ):
            ratio = matcher.ratio()
            if ratio >= SIMILAR_NAME_RATIO:
                matches.append((ratio, pk))
    best = [pk for _ratio, pk in sorted(matches, reverse=True)[:DUPLICATE_LIMIT]]
    found = Organisation.objects.in_bulk(best)
    return [found[pk] for pk in best]


def contact_duplicates(
    *, first_name: str, last_name: str, email: str = "", exclude_pk: int | None = None
) -> list[Contact]:
    """Contacts that are likely the same person: the same e-mail (theirs or a professional
    one), or the same normalised name ("Le Goff Yann" = "le goff yann"), with the
    organisations they hold a role in, to tell two namesakes apart."""
    condition = Q(name_normalized=normalize(f"{last_name} {first_name}"))
    if email:
        condition |= Q(email__iexact=email) | Q(affiliations__email__iexact=email)
    candidates = Contact.objects.filter(condition).exclude(pk=exclude_pk or 0).distinct()
    return list(
        candidates.prefetch_related("affiliations__organisation").order_by("pk")[:DUPLICATE_LIMIT]
    )


def organisation_archive(*, organisation: Organisation, by: User) -> Organisation:
    """Archive rather than delete: links, conventions and history stay intact."""
    if organisation.status == Organisation.Status.ARCHIVED:
        raise ValidationError(_("Cette organisation est déjà archivée."))
    organisation.status = Organisation.Status.ARCHIVED
    organisation.archived_at = timezone.now()
    # An edit form opened before the archive is refused rather than undoing it.
    versioning.bump(organisation)
    organisation._history_user = by
    organisation._change_reason = _("Archivage")
    organisation.save()
    return organisation


def organisation_unarchive(*, organisation: Organisation, by: User) -> Organisation:
    """Bring an archived organisation back into lists and search."""
    if organisation.status != Organisation.Status.ARCHIVED:
        raise ValidationError(_("Cette organisation n'est pas archivée."))
    organisation.status = Organisation.Status.ACTIVE
    organisation.archived_at = None
    versioning.bump(organisation)
    organisation._history_user = by
    organisation._change_reason = _("Désarchivage")
    organisation.save()
    return organisation


@transaction.atomic
def relationship_end(
    *, relationship: Relationship, ends_on: dt.date, by: User, expected_version: int | None = None
) -> Relationship:
    """Date the end of a relationship; with `expected_version`, refused (ConflictError) if
    someone changed it since."""
    if expected_version is None:
        current = Relationship.objects.select_for_update().get(pk=relationship.pk)
    else:
        current = versioning.check_version(instance=relationship, expected_version=expected_version)
    if current.ends_on is not None:
        raise ValidationError(_("Cette relation est déjà terminée."))
    if current.starts_on and ends_on < current.starts_on:
        raise ValidationError(_("La fin de la relation doit suivre son début."))
    current.ends_on = ends_on
    current.full_clean()
    versioning.bump(current)
    current._history_user = by
    current.save()
    return current


@transaction.atomic
def interaction_log(
    *,
    by: User,
    organisations: QuerySet | list[Organisation],
    contacts: QuerySet | list[Contact],
    follow_up: dict | None = None,
    **fields: object,
) -> Interaction:
    """Record a journal entry and, if asked, its follow-up task, together or not at all."""
    interaction = Interaction(author=by, **fields)
    interaction.full_clean()
    interaction._history_user = by
    interaction.save()
    interaction.organisations.set(organisations)
    interaction.contacts.set(contacts)
    if follow_up:
        responses = signals.follow_up_requested.send(
            sender=Interaction,
            interaction=interaction,
            by=by,
            organisation=next(iter(organisations), None),
            follow_up=follow_up,
        )
        if not any(result for _receiver, result in responses):
            raise ValidationError(_("Aucune tâche de suivi ne peut être créée ici."))
    return interaction
