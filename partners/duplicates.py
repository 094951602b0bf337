"""What makes two rows the same organisation or the same person, for the importer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.text import normalize
from partners.models import Affiliation, Organisation


def organisation_key(row: dict[str, str]) -> tuple[str, str] | None:
    """Without a SIRET: the normalised name and the postal code ("ESAT  les Genêts", 29200)."""
    if not row.get("raison_sociale"):
        return None
    return normalize(row["raison_sociale"]), row.get("code_postal", "").strip()


def known_organisation_keys(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    """The keys of rows without SIRET that an organisation already holds: one query."""
    keys = {organisation_key(r) for r in rows if not r.get("siret")} - {None}
    names = [name for name, _postal in keys]
    known = Organisation.objects.filter(name_normalized__in=names)
    return set(known.values_list("name_normalized", "postal_code")) & keys


def organisation_known(row: dict[str, str], siret: str, known: set) -> str:
    """Why a row without SIRET is skipped as already recorded, or ""."""
    if not siret and organisation_key(row) in known:
        return _("Déjà enregistrée sous ce nom et ce code postal.")
    return ""


def contact_known(row: dict[str, str], siret: str, known: set) -> str:
    """Why a contact row is skipped: its person already holds a role in its organisation."""
    if (normalize(f"{row.get('nom', '')} {row.get('prenom', '')}"), siret) in known:
        return _("Déjà en fonction dans cette organisation.")
    return ""


def known_contact_keys(organisations: list[Organisation]) -> set[tuple[str, str]]:
    """(normalised name, SIRET) of the people already holding a role in these: one query."""
    return set(
        Affiliation.objects.filter(organisation__in=organisations).values_list(
            "contact__name_normalized", "organisation__siret"
        )
    )
