"""What purchases adds to other apps' pages (purchases/apps.py)."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.http import HttpRequest

from partners.models import Organisation
from purchases.models import Purchase
from purchases.sales import member_lines

# Years of totals on an organisation's page; its purchasing or sales page has them all.
PANEL_YEARS = 3
# Organisations whose members' sales the page sums (networks and federations have members).
HEADS = (Organisation.Kind.NETWORK, Organisation.Kind.FEDERATION)


def organisation_purchases(request: HttpRequest, organisation: Organisation) -> dict:
    """A buyer's latest yearly totals, what a provider sold, or what a network's members
    sold: one grouped query."""
    if organisation.is_provider:
        role, lines = "provider", Purchase.objects.filter(supplier=organisation)
    elif organisation.kind in HEADS:
        role, lines = "network", member_lines(organisation)
    else:
        role, lines = "buyer", Purchase.objects.filter(buyer=organisation)
    years = (
        lines.values("year")
        .annotate(total=Sum("amount_ht"), lines=Count("pk"))
        .order_by("-year")[:PANEL_YEARS]
    )
    return {"purchase_years": list(years), "purchase_role": role}
