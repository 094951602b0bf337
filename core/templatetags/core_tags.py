"""Template helpers shared by every app's pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.http import HttpRequest

register = template.Library()

NARROW_NBSP = "\u202f"


@register.simple_tag(takes_context=True)
def query_transform(context: template.Context, **changes: object) -> str:
    """The current query string with `changes` applied: filters survive pagination."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def euros(value: Decimal | float | None) -> str:
    """1900000 -> '1 900 000 €' with narrow no-break spaces, as French typography wants."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    text = f"{amount:,.{decimals}f}".replace(",", NARROW_NBSP).replace(".", ",")
    return f"{text}{NARROW_NBSP}€"


@register.filter
def model_label(instance: object) -> str:
    """'partners.organisation': how history and other generic URLs name a model."""
    return instance._meta.label_lower
