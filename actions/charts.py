"""An indicator's progress towards its target, as figures and as SVG coordinates.

Pure functions: the template draws the SVG from these numbers, and shows the same
figures as text for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from actions.models import Indicator, Measurement

WIDTH, HEIGHT, MARGIN = 320, 120, 10


@dataclass
class Point:
    x: float
    y: float
    measurement: Measurement


@dataclass
class Progress:
    indicator: Indicator
    measurements: list[Measurement]
    latest: Measurement | None
    percent: int | None
    points: list[Point] = field(default_factory=list)
    target_y: float = 0.0
    baseline_y: float = 0.0
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def reached(self) -> bool:
        return self.percent is not None and self.percent >= 100


def indicator_progress(indicator: Indicator, measurements: list[Measurement]) -> Progress:
    """Where the indicator stands: the last value as a share of the way from baseline to target."""
    ordered = sorted(measurements, key=lambda m: m.measured_on)
    latest = ordered[-1] if ordered else None
    values = [m.value for m in ordered] + [indicator.target, indicator.baseline]
    low, high = min(values), max(values)
    scale = (high - low) or Decimal(1)

    def y(value: Decimal) -> float:
        return float(HEIGHT - MARGIN - (value - low) * (HEIGHT - 2 * MARGIN) / scale)

    points = []
    if ordered:
        first, last = ordered[0].measured_on, ordered[-1].measured_on
        days = (last - first).days or 1
        for m in ordered:
            x = MARGIN + (WIDTH - 2 * MARGIN) * ((m.measured_on - first).days / days)
            if len(ordered) == 1:
                x = WIDTH / 2
            points.append(Point(x, y(m.value), m))
    return Progress(
        indicator=indicator,
        measurements=ordered,
        latest=latest,
        percent=indicator.percent_for(latest),
        points=points,
        target_y=y(indicator.target),
        baseline_y=y(indicator.baseline),
    )
