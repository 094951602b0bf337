"""Which known organisation a supplier's SIRET names: the same SIRET, else the same SIREN."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from partners.models import Organisation

# What a purchase line, its page and the OETH estimate read of its provider.
SUPPLIER_FIELDS = ("pk", "name", "acronym", "kind", "siret", "siren")


class SupplierIndex:
    """The organisations some SIRETs may name, read in one query.

    A SIRET names the organisation that carries it. Failing that, its first nine digits (the
    SIREN) name the one organisation of that company, or, when the company has several, the
    one recorded without an establishment (its SIRET left empty); otherwise nobody.
    """

    def __init__(self, sirets: Iterable[str]) -> None:
        wanted = {siret for siret in sirets if siret}
        sirens = {siret[:9] for siret in wanted}
        self.by_siret: dict[str, Organisation] = {}
        by_siren: dict[str, list[Organisation]] = {}
        if wanted:
            rows = Organisation.objects.filter(Q(siret__in=wanted) | Q(siren__in=sirens)).only(
                *SUPPLIER_FIELDS
            )
            for organisation in rows:
                if organisation.siret:
                    self.by_siret[organisation.siret] = organisation
                if organisation.siren:
                    by_siren.setdefault(organisation.siren, []).append(organisation)
        self.by_siren: dict[str, Organisation] = {}
        for siren, found in by_siren.items():
            heads = [o for o in found if not o.siret]
            if len(found) == 1 or len(heads) == 1:
                self.by_siren[siren] = found[0] if len(found) == 1 else heads[0]

    def match(self, siret: str) -> Organisation | None:
        if not siret:
            return None
        return self.by_siret.get(siret) or self.by_siren.get(siret[:9])


def supplier_for(siret: str) -> Organisation | None:
    """The organisation one SIRET names (one query)."""
    return SupplierIndex([siret]).match(siret)
