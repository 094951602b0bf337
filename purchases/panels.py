"""What purchases adds to other apps' pages (purchases/apps.py)."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.http import HttpRequest

from partners.models import Organisation
from purchases.models import Purchase

# Years of totals on an organisation's page; its purchasing page has them all.
PANEL_YEARS = 3


def organisation_purchases(request: HttpRequest, organisation: Organisation) -> dict:
    """A buyer's latest yearly totals, or what a provider sold: one grouped query."""
    as_provider = organisation.is_provider
    lines = Purchase.objects.filter(**{"supplier" if as_provider else "buyer": organisation})
    years = (
        lines.values("year")
        .annotate(total=Sum("amount_ht"), lines=Count("pk"))
        .order_by("-year")[:PANEL_YEARS]
    )
    return {"purchase_years": list(years), "as_provider": as_provider}
