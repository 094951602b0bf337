"""Filter choices for the partners lists, from the cache (core/cached.py), not a query each.

Regions, departments and trades are fixed lists loaded by migration or the
admin (networks, which grow, are an autocomplete: partners/sources.py). Each list is
renewed when one of its rows is saved or deleted (partners/apps.py).
"""

from __future__ import annotations

from core.cached import cached, name

TERRITORIES = name("partners.territories")


def _territories() -> dict[str, list[tuple[str, str]]]:
    from partners.models import Department, Region, Trade

    return {
        "regions": [(str(r.pk), str(r)) for r in Region.objects.order_by("name")],
        "departments": [(str(d.pk), str(d)) for d in Department.objects.order_by("code")],
        "trades": [(str(t.pk), str(t)) for t in Trade.objects.order_by("name")],
    }


def region_choices() -> list[tuple[str, str]]:
    return cached(TERRITORIES, _territories)["regions"]


def department_choices() -> list[tuple[str, str]]:
    return cached(TERRITORIES, _territories)["departments"]


def trade_choices() -> list[tuple[str, str]]:
    return cached(TERRITORIES, _territories)["trades"]
