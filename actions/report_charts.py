"""The committee report's charts, drawn by reportlab in the report's font and colours."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from actions.charts import indicator_progress
from actions.models import Indicator, Measurement
from core.formats import percent
from core.pdf import ACCENT, FONT, INK, quantity, short_date, user_text

TARGET_INK = colors.HexColor("#146c43")
BASELINE_INK = colors.HexColor("#5c636a")
GRID = colors.HexColor("#dee2e6")
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
    """One indicator's chart as the page draws it (actions/charts.py): value axis, dated
    points joined by a line, the target and the baseline as labelled dashed lines."""
    chart = indicator_progress(indicator, measurements)
    scale = 170 * mm / chart.width
    drawing = Drawing(chart.width * scale, chart.height * scale)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * scale, (chart.height - y) * scale

    def line(x1, y1, x2, y2, **style) -> None:
        drawing.add(Line(*at(x1, y1), *at(x2, y2), **style))

    def text(x, y, label, anchor="middle", ink=INK, size=7) -> None:
        drawing.add(String(*at(x, y), label, fontName=FONT, fontSize=size,
                           textAnchor=anchor, fillColor=ink))  # fmt: skip

    for tick in chart.y_ticks:
        line(chart.left, tick.at, chart.right, tick.at, strokeColor=GRID, strokeWidth=0.5)
        text(chart.left - 6, tick.at + 3, tick.label, anchor="end")
    if chart.axis_unit:
        text(chart.left - 6, chart.top - 4, chart.axis_unit, anchor="end")
    line(chart.left, chart.top, chart.left, chart.bottom, strokeColor=INK, strokeWidth=0.5)
    line(chart.left, chart.bottom, chart.right, chart.bottom, strokeColor=INK, strokeWidth=0.5)
    for tick in chart.x_ticks:
        text(tick.at, chart.bottom + 16, tick.label)
    for level, ink, dashes in ((chart.baseline, BASELINE_INK, [1, 2]),
                               (chart.target, TARGET_INK, [4, 2])):  # fmt: skip
        line(chart.left, level.y, chart.right, level.y, strokeColor=ink, strokeDashArray=dashes)
        text(chart.right, level.y - 3, level.label, anchor="end", ink=ink)
    if len(chart.points) > 1:
        coordinates = [value for point in chart.points for value in at(point.x, point.y)]
        drawing.add(PolyLine(coordinates, strokeColor=ACCENT, strokeWidth=1.5))
    for point in chart.points:
        drawing.add(Circle(*at(point.x, point.y), 2.5, fillColor=ACCENT, strokeColor=ACCENT))
        if point.label:
            text(point.x, point.y - 7, point.label, ink=ACCENT)
    # The figures themselves, for whoever cannot read the chart (and for text extraction).
    figures = " ; ".join(
        f"{short_date(m.measured_on)} : {quantity(m.value, indicator.unit)}"
        for m in chart.measurements
    )
    return [
        Paragraph(user_text(indicator.name), styles["h2"]),
        drawing,
        Paragraph(user_text(f"Mesures : {figures}."), styles["cell"]),
    ]
