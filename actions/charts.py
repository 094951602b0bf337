"""An indicator's progress towards its target, as figures and as a chart's geometry.

Pure functions: the page draws the chart as SVG from this geometry, the committee report
draws the same geometry with reportlab (actions/report_charts.py), and both show the
same figures as a table for screen readers and for print.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from actions.models import Indicator, Measurement
from core.formats import french_number
from core.pdf import quantity, short_date

# The plot's frame, in SVG pixels (the PDF scales the whole drawing to its column); the
# points stay INSET away from its sides, so their values and dates are not cut.
WIDTH, HEIGHT = 480, 210
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 40
INSET = 36
# Dates under the x axis: at most this many, evenly chosen, the first and last included.
MAX_DATE_TICKS = 5
# Each point carries its value above it up to this many points; past it, the last only.
MAX_POINT_LABELS = 8


@dataclass
class Tick:
    at: float
    label: str


@dataclass
class Point:
    x: float
    y: float
    measurement: Measurement
    label: str = ""


@dataclass
class Level:
    """A horizontal line across the plot: the target or the baseline."""

    y: float
    label: str


@dataclass
class Progress:
    indicator: Indicator
    measurements: list[Measurement]
    latest: Measurement | None
    percent: int | None
    points: list[Point] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    target: Level | None = None
    baseline: Level | None = None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    # The unit, written once above the value axis when the ticks do not carry it.
    axis_unit: str = ""

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def reached(self) -> bool:
        return self.percent is not None and self.percent >= 100

    @property
    def target_y(self) -> float:
        return self.target.y if self.target else 0.0

    @property
    def baseline_y(self) -> float:
        return self.baseline.y if self.baseline else 0.0


def nice_step(span: Decimal, ticks: int = 4, whole: bool = False) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) dividing `span` in about `ticks`;
    a whole number when the values are (no 2.5 markets)."""
    raw = span / ticks if span > 0 else Decimal(1)
    power = Decimal(10) ** math.floor(math.log10(raw))
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        step = power * factor
        if step >= raw and not (whole and step != step.to_integral_value()):
            return step
    return power * 10


def value_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """Round values from at or below `low` to at or above `high`, zero included when near."""
    low, high = Decimal(low), Decimal(high)
    whole = low == low.to_integral_value() and high == high.to_integral_value()
    step = nice_step(high - low, whole=whole)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    if last == first:
        last = first + step
    count = int((last - first) / step)
    return [first + k * step for k in range(count + 1)]


# Units short enough to follow each tick's value; any other is written above the axis.
TICK_UNITS = ("€", "%", "")


def tick_label(value: Decimal, unit: str) -> str:
    return quantity(value, unit) if unit in TICK_UNITS else french_number(value)


def date_ticks(count: int) -> list[int]:
    """The indexes of the points whose dates are written under the axis: evenly spaced,
    the first and the last always among them."""
    if count <= MAX_DATE_TICKS:
        return list(range(count))
    step = math.ceil((count - 1) / (MAX_DATE_TICKS - 1))
    chosen = list(range(0, count - 1, step))
    if count - 1 - chosen[-1] < step / 2:
        chosen.pop()
    return [*chosen, count - 1]


def indicator_progress(indicator: Indicator, measurements: list[Measurement]) -> Progress:
    """Where the indicator stands: the last value as a share of the way from baseline to target."""
    ordered = sorted(measurements, key=lambda m: m.measured_on)
    latest = ordered[-1] if ordered else None
    unit = indicator.unit
    values = [m.value for m in ordered] + [indicator.target, indicator.baseline]
    ticks = value_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM
    plot_left, plot_right = LEFT, WIDTH - RIGHT

    def y(value: Decimal) -> float:
        return float(plot_bottom - (value - low) * (plot_bottom - plot_top) / (high - low))

    points = []
    if ordered:
        first, last = ordered[0].measured_on, ordered[-1].measured_on
        days = (last - first).days
        labelled = len(ordered) <= MAX_POINT_LABELS
        for index, m in enumerate(ordered):
            share = (m.measured_on - first).days / days if days else 0.5
            x = plot_left + INSET + (plot_right - plot_left - 2 * INSET) * share
            label = quantity(m.value, unit) if labelled or index == len(ordered) - 1 else ""
            points.append(Point(x, y(m.value), m, label))
    return Progress(
        indicator=indicator,
        measurements=ordered,
        latest=latest,
        percent=indicator.percent_for(latest),
        points=points,
        y_ticks=[Tick(y(value), tick_label(value, unit)) for value in ticks],
        axis_unit="" if unit in TICK_UNITS else unit,
        x_ticks=[
            Tick(points[index].x, short_date(points[index].measurement.measured_on))
            for index in date_ticks(len(points))
        ],
        target=Level(
            y(indicator.target), _("cible %(value)s") % {"value": quantity(indicator.target, unit)}
        ),
        baseline=Level(
            y(indicator.baseline),
            _("départ %(value)s") % {"value": quantity(indicator.baseline, unit)},
        ),
    )
