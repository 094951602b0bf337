"""Numbers and amounts as French typography writes them, for pages and PDFs alike."""

from __future__ import annotations

from decimal import Decimal

# French separates thousands, and a figure from its unit, with a narrow no-break space.
NARROW_NBSP = "\u202f"


def french_number(value: Decimal | float | None) -> str:
    """1900000 -> '1 900 000', 12.5 -> '12,50'; no decimals when the value is whole."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    return f"{amount:,.{decimals}f}".replace(",", NARROW_NBSP).replace(".", ",")


def euros(value: Decimal | float | None) -> str:
    """1900000 -> '1 900 000 €'."""
    text = french_number(value)
    return f"{text}{NARROW_NBSP}€" if text else ""


def percent(value: int | None) -> str:
    """83 -> '83 %'; None (no figure) -> '—'."""
    return "—" if value is None else f"{value}{NARROW_NBSP}%"


# What people type inside an amount: spaces (plain, no-break, narrow no-break) between
# thousands, the euro sign.
AMOUNT_NOISE = str.maketrans("", "", " \u00a0\u202f€")


def plain_decimal(text: str) -> str:
    """An amount as typed in French, as Decimal reads it: '1 234,56 €' -> '1234.56'.

    A decimal comma makes the dots, if any, thousands separators ('1.234,56'); without a
    comma a dot is the decimal point ('1234.56', as a spreadsheet cell reads).
    """
    value = text.translate(AMOUNT_NOISE)
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    return value
