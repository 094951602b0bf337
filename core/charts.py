"""Horizontal bar charts as SVG coordinates: figures in, positions out, nothing drawn here.

Pure functions, like actions' indicator chart: the template (`includes/_bar_chart.html`)
draws the SVG from these numbers as a decorative image with a title, and the page prints
the same figures in a table for screen readers and for reading exact values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

BAR_HEIGHT, GAP, MARGIN = 18, 8, 6
# Rough width of a character at the chart's 12 px font, to make room for the labels.
CHAR_WIDTH = 7
MAX_LABEL = 34
VALUE_ROOM = 110


@dataclass(frozen=True)
class Bar:
    """One bar; its coordinates as the SVG's attributes write them (a dot, one decimal)."""

    label: str
    value: Decimal
    text: str
    y: int
    width: float
    label_width: int

    @property
    def svg(self) -> dict[str, str]:
        return {
            "label_x": str(self.label_width - MARGIN),
            "bar_x": str(self.label_width),
            "text_y": str(self.y + BAR_HEIGHT - 5),
            "y": str(self.y),
            "width": f"{self.width:.1f}",
            "height": str(BAR_HEIGHT),
            "value_x": f"{self.label_width + self.width + 4:.1f}",
        }


@dataclass
class BarChart:
    """What `includes/_bar_chart.html` draws."""

    title: str
    bars: list[Bar] = field(default_factory=list)
    width: int = 640
    height: int = 0
    label_width: int = 0


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(title: str, items: Sequence[tuple[str, Decimal, str]], width: int = 640) -> BarChart:
    """One bar per (label, value, value as printed); the longest bar fills the width."""
    labels = [_short(label) for label, _value, _text in items]
    label_width = min(MAX_LABEL, max((len(label) for label in labels), default=0)) * CHAR_WIDTH
    label_width += 2 * MARGIN
    room = max(width - label_width - VALUE_ROOM, 40)
    largest = max((value for _label, value, _text in items), default=Decimal(0)) or Decimal(1)
    bars = [
        Bar(
            label=label,
            value=value,
            text=text,
            y=MARGIN + index * (BAR_HEIGHT + GAP),
            width=float(max(value, Decimal(0)) * room / largest),
            label_width=label_width,
        )
        for index, (label, (_label, value, text)) in enumerate(zip(labels, items, strict=True))
    ]
    height = 2 * MARGIN + len(bars) * (BAR_HEIGHT + GAP) - (GAP if bars else 0)
    return BarChart(title=title, bars=bars, width=width, height=height, label_width=label_width)
