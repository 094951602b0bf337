"""The committee report's charts, drawn by reportlab in the report's font and colours."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from actions.models import Indicator, Measurement
from core.formats import french_number, percent
from core.pdf import ACCENT, FONT, INK, quantity, short_date, user_text

TARGET_INK = colors.HexColor("#b45309")
LABEL_CHARS = 40


def percent_bars(labels: list[str], values: list[int], caption: str) -> Drawing:
    """One horizontal bar per label, on a 0–100 % axis (wider when a value is beyond 100)."""
    height = 40 + 22 * len(labels)
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 28
    chart.width, chart.height = 100 * mm, height - 36
    # A bar cannot go below the axis: a figure under its baseline draws as an empty bar.
    chart.data = [[max(0, value) for value in values]]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(100, *values) if values else 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = [
        label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…" for label in labels
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.reverseDirection = True
    chart.bars[0].fillColor = ACCENT
    chart.barLabelFormat = lambda value: percent(round(value))
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(0, 2, caption, fontName=FONT, fontSize=7, fillColor=INK))
    return drawing


def measurement_history(
    indicator: Indicator, measurements: list[Measurement], styles: dict
) -> list:
    """One indicator's measurements as bars, the target as a dashed line."""
    drawing = Drawing(170 * mm, 45 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 22 * mm, 10 * mm
    chart.width, chart.height = 140 * mm, 30 * mm
    values = [float(m.value) for m in measurements]
    target = float(indicator.target)
    chart.data = [values]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(target, *values) * 1.1 or 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda value: french_number(round(Decimal(value)))
    chart.categoryAxis.categoryNames = [short_date(m.measured_on) for m in measurements]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.bars[0].fillColor = ACCENT
    drawing.add(chart)
    y = chart.y + chart.height * target / chart.valueAxis.valueMax
    right = chart.x + chart.width
    drawing.add(Line(chart.x, y, right, y, strokeColor=TARGET_INK, strokeDashArray=[4, 2]))
    drawing.add(
        String(
            right,
            y + 2,
            f"cible {quantity(target, indicator.unit)}",
            fontName=FONT,
            fontSize=7,
            textAnchor="end",
            fillColor=TARGET_INK,
        )
    )
    return [Paragraph(user_text(indicator.name), styles["h2"]), drawing]
