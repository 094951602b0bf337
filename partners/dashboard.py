"""What partners adds to the dashboard: the partners by kind, as a chart and a table.

Counted at most every `core.cached.TIMEOUT` seconds: at a national network's size the
count reads every organisation, which a page shown at each login should not repeat.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core import cached, charts
from core.formats import french_number
from partners.models import Organisation

KINDS = cached.name("partners.dashboard_kinds")


def _kinds() -> list[tuple[str, int]]:
    counts = dict(
        Organisation.objects.active().values_list("kind").annotate(n=Count("pk")).order_by()
    )
    return [
        (value, counts[value]) for value, _label in Organisation.Kind.choices if counts.get(value)
    ]


def partners_by_kind(request: HttpRequest, _obj: None) -> dict:
    labels = dict(Organisation.Kind.choices)
    rows = [(value, str(labels[value]), count) for value, count in cached.cached(KINDS, _kinds)]
    chart = charts.bar_chart(
        _("Partenaires par type"),
        [(label, Decimal(count), french_number(count)) for _value, label, count in rows],
        width=420,
    )
    return {
        "partner_kinds": rows,
        "partner_kinds_chart": chart,
        "partner_total": sum(count for *_rest, count in rows),
    }
