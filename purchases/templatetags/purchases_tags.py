"""Template helpers of the purchasing pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from purchases.figures import amount_text
from purchases.figures import percent_text as _percent_text

register = template.Library()


@register.filter
def percent_text(value: Decimal | None, signed: str = "") -> str:
    """12.5 -> '12,5 %'; with "signed", '+12,5 %'; None -> '—'."""
    return _percent_text(value, signed=bool(signed))


@register.filter
def whole_euros(value: Decimal | None) -> str:
    """1234567.89 -> '1 234 568 €': a synthesis reads in whole euros (its export is exact)."""
    return "" if value is None else amount_text(Decimal(value))
