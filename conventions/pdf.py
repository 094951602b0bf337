"""The convention PDF and the steering-committee report: pure functions, convention in, bytes out.

Every piece of user text goes through `_text()` (XML-escaped) before it reaches a reportlab
`Paragraph`, whose mini-language would otherwise honour `<font>`, `<img src=…>` or `<a>`.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch
from django.utils import timezone
from reportlab.graphics import shapes
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    PageBreakIfNotEmpty,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
    paragraph,
)

from actions.models import Action, Indicator, Measurement
from conventions.models import Axis, Convention, Party
from core.templatetags.core_tags import NARROW_NBSP, euros

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
BLANK = "……………………"
INK = colors.HexColor("#1f2937")
ACCENT = colors.HexColor("#0b5394")
PALE = colors.HexColor("#e8eef6")
GRID = colors.HexColor("#9aa5b1")


# --- French typography ----------------------------------------------------------------------


def french_date(day: date | None) -> str:
    """5 septembre 2017; 1er janvier 2018; the process locale plays no part."""
    if day is None:
        return ""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def french_number(value: Decimal | float | None) -> str:
    """1900000 -> '1 900 000' with narrow no-break spaces: the `euros` filter without '€'."""
    if value is None:
        return ""
    return euros(value).removesuffix(f"{NARROW_NBSP}€")


def quantity(value: Decimal | float | None, unit: str) -> str:
    """A value with its unit: '1 900 000 €', '53 %', '27 marchés'."""
    if value is None:
        return "—"
    if unit == "€":
        return euros(value)
    return f"{french_number(value)}{NARROW_NBSP if unit == '%' else ' '}{unit}".rstrip()


def _text(value: object) -> str:
    """User text made inert for reportlab's markup parser; line breaks kept."""
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


# --- Fonts, styles, page furniture -----------------------------------------------------------


# reportlab breaks lines at U+202F and prints it as a plain space, although it keeps U+00A0:
# give the narrow no-break space the same treatment, or "1 900 000 €" could split over lines.
_BREAKING_SPACES = re.compile(
    f"[{re.escape(paragraph._wsc.replace(NARROW_NBSP, '').replace(chr(0xA0), ''))}]+"
)


def _split_words(text: str | bytes, delim: str | None = None) -> list[str]:
    if isinstance(text, bytes):
        text = text.decode("utf8")
    if delim is not None:
        return text.split(delim)
    return [word for word in _BREAKING_SPACES.split(text) if word]


def _register_fonts() -> None:
    paragraph.split = _split_words
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        raise ImproperlyConfigured(
            f"Police DejaVu Sans introuvable dans {FONT_DIR} : installez fonts-dejavu-core."
        )
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    # Charts start from these defaults: Helvetica would be referenced and left unembedded.
    shapes.STATE_DEFAULTS["fontName"] = FONT
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "head": ParagraphStyle(
            "head", base, fontName=FONT_BOLD, fontSize=8, leading=10, textColor=colors.white
        ),
        "cover_kind": ParagraphStyle(
            "cover_kind", base, fontSize=13, leading=18, alignment=TA_CENTER, textColor=ACCENT
        ),
        "cover_title": ParagraphStyle(
            "cover_title", base, fontName=FONT_BOLD, fontSize=20, leading=26, alignment=TA_CENTER
        ),
        "center": ParagraphStyle("center", base, alignment=TA_CENTER),
        "h1": ParagraphStyle(
            "h1", base, fontName=FONT_BOLD, fontSize=15, leading=20, spaceBefore=6, spaceAfter=8,
            textColor=ACCENT,
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4
        ),
    }  # fmt: skip


class _NumberedCanvas(Canvas):
    """Holds every page until the end so each footer can say 'Page x / y'."""

    footer_left = ""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setStrokeColor(GRID)
        self.setLineWidth(0.5)
        self.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
        self.setFont(FONT, 8)
        self.setFillColor(INK)
        self.drawString(18 * mm, 9 * mm, self.footer_left)
        self.drawRightString(width - 18 * mm, 9 * mm, f"Page {number} / {total}")
        self.restoreState()


def _build(story: list, *, title: str, author: str, subject: str, footer: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="Maillage",
        keywords=footer,
        lang="fr-FR",
        # Otherwise every page starts in Helvetica, a font the PDF would not embed.
        initialFontName=FONT,
    )
    canvas_class = type("FooterCanvas", (_NumberedCanvas,), {"footer_left": footer})
    document.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def _table(
    rows: list[list], widths: list[float], *, repeat: int = 1, extra: Iterable = ()
) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=repeat)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (-1, repeat - 1), ACCENT),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *extra,
            ]
        )
    )
    return table


def _cells(values: Iterable[object], style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(_text(value), style) for value in values]


def _author(convention: Convention) -> str:
    owner = convention.owner
    return f"{owner.get_full_name() or owner.username} (Maillage)" if owner else "Maillage"


def _parties(convention: Convention) -> list[Party]:
    return list(
        convention.parties.select_related("organisation", "signatory").order_by("order", "pk")
    )


def _short_org(action: Action) -> str:
    """The lead party as a table cell: its acronym when it has one."""
    if not action.lead_party:
        return ""
    organisation = action.lead_party.organisation
    return organisation.acronym or organisation.name


def _party_names(parties: list[Party]) -> str:
    return ", ".join(str(party.organisation) for party in parties)


# --- The convention --------------------------------------------------------------------------


def convention_pdf(convention: Convention) -> bytes:
    """The convention as the parties sign it: cover, preamble, articles, axes, annex, signatures."""
    styles = _styles()
    parties = _parties(convention)
    axes = list(convention.axes.order_by("number"))
    clauses = list(convention.clauses.order_by("number"))
    actions = list(
        convention.actions.select_related(
            "axis", "lead_party__organisation", "owner_user", "owner_contact"
        ).order_by("order", "number")
    )
    story: list = []
    story += _cover(convention, parties, styles)
    story.append(PageBreak())
    if convention.preamble:
        story += [
            Paragraph("Préambule", styles["h1"]),
            Paragraph(_text(convention.preamble), styles["body"]),
        ]
    if convention.purpose:
        story += [
            Paragraph("Objet", styles["h2"]),
            Paragraph(_text(convention.purpose), styles["body"]),
        ]
    story += _commitments(parties, styles)
    if clauses:
        story.append(Paragraph("Articles", styles["h1"]))
    for clause in clauses:
        heading = Paragraph(_text(f"Article {clause.number} — {clause.title}"), styles["h2"])
        story.append(KeepTogether([heading, Paragraph(_text(clause.body), styles["body"])]))
    if axes:
        story.append(Paragraph("Axes de la convention", styles["h1"]))
    for axis in axes:
        story.append(Paragraph(_text(f"Axe {axis.number} — {axis.title}"), styles["h2"]))
        if axis.description:
            story.append(Paragraph(_text(axis.description), styles["body"]))
    story += _signatures(convention, parties, styles)
    if actions:
        story += [PageBreakIfNotEmpty(), *_annex(axes, actions, styles)]
    kind = convention.get_kind_display()
    return _build(
        story,
        title=f"{convention.reference} — {convention.title}",
        author=_author(convention),
        subject=f"{kind} entre {_party_names(parties)}",
        footer=f"{convention.reference} — {kind}",
    )


def _cover(convention: Convention, parties: list[Party], styles: dict) -> list:
    story: list = [
        Spacer(1, 30 * mm),
        Paragraph(_text(convention.get_kind_display()), styles["cover_kind"]),
        Spacer(1, 6 * mm),
        Paragraph(_text(convention.title), styles["cover_title"]),
        Spacer(1, 6 * mm),
        Paragraph(_text(f"Référence {convention.reference}"), styles["center"]),
    ]
    if convention.programme:
        story.append(Paragraph(_text(f"Programme : {convention.programme}"), styles["center"]))
    story += [Spacer(1, 14 * mm), Paragraph("Entre", styles["h2"])]
    rows = []
    for party in parties:
        who = f"<b>{_text(party.organisation)}</b>, {_text(party.get_role_display().lower())}"
        if party.signatory:
            who += f", représentée par {_text(party.signatory)}"
            if party.signatory_title:
                who += f", {_text(party.signatory_title)}"
        if not party.signs:
            who += " (partie associée, non signataire)"
        rows.append([Paragraph(who, styles["body"])])
    if rows:
        story.append(
            Table(
                rows,
                colWidths=[170 * mm],
                style=[
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.3, GRID),
                ],
            )
        )
    facts = [
        ("Signée le", french_date(convention.signed_on)),
        ("Prend effet le", french_date(convention.starts_on)),
        ("Prend fin le", french_date(convention.ends_on)),
        ("Montant", euros(convention.amount) if convention.amount is not None else ""),
    ]
    if convention.tacit_renewal:
        facts.append(("Reconduction", f"tacite, par périodes de {convention.renewal_months} mois"))
    facts = [(label, value) for label, value in facts if value]
    if facts:
        story.append(Spacer(1, 10 * mm))
        story.append(
            Table(
                [_cells(row, styles["body"]) for row in facts],
                colWidths=[45 * mm, 125 * mm],
                style=[
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("TEXTCOLOR", (0, 0), (0, -1), ACCENT),
                ],
            )
        )
    return story


def _commitments(parties: list[Party], styles: dict) -> list:
    committed = [party for party in parties if party.commitments]
    if not committed:
        return []
    story: list = [Paragraph("Engagements des parties", styles["h2"])]
    for party in committed:
        story.append(
            Paragraph(
                f"<b>{_text(party.organisation)}</b> : {_text(party.commitments)}", styles["body"]
            )
        )
    return story


def _signatures(convention: Convention, parties: list[Party], styles: dict) -> list:
    signing = [party for party in parties if party.signs]
    if not signing:
        return []
    count = len(signing)
    copies = f"{count} exemplaires originaux" if count > 1 else "un exemplaire original"
    heading = [
        Paragraph("Signatures", styles["h1"]),
        Paragraph(_text(f"Fait en {copies}."), styles["body"]),
    ]
    blocks = []
    for party in signing:
        signed_on = french_date(party.signed_on) or BLANK
        lines = [
            f"<b>{_text(party.organisation)}</b>",
            f"Représentée par : {_text(party.signatory) if party.signatory else BLANK}",
            f"Qualité : {_text(party.signatory_title) if party.signatory_title else BLANK}",
            f"Fait à {_text(party.signed_at) if party.signed_at else BLANK}, le {signed_on}",
            "Signature :",
        ]
        cell = [Paragraph(line, styles["body"]) for line in lines] + [Spacer(1, 22 * mm)]
        blocks.append(cell)
    # Two blocks side by side, as on a paper convention.
    tables: list = []
    for i in range(0, len(blocks), 2):
        pair = blocks[i : i + 2]
        commands = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ]
        commands += [("BOX", (col, 0), (col, 0), 0.5, GRID) for col in range(len(pair))]
        table = Table([pair + [[]] * (2 - len(pair))], colWidths=[85 * mm, 85 * mm])
        table.setStyle(TableStyle(commands))
        # Spacing above, not below: a trailing spacer pushed to a new page would leave it blank.
        tables += [Spacer(1, 4 * mm), table]
    # The heading never stands alone at the foot of a page.
    return [KeepTogether(heading + tables[:2]), *tables[2:]]


ANNEX_HEAD = ("N°", "Action", "Partie pilote", "Responsable", "Début", "Échéance", "Statut")
ANNEX_WIDTHS = [11 * mm, 48 * mm, 30 * mm, 25 * mm, 19 * mm, 19 * mm, 22 * mm]


def _annex(axes: list[Axis], actions: list[Action], styles: dict) -> list:
    """The action plan, grouped by axis; the header row repeats on every page."""
    groups: dict[int | None, list[Action]] = defaultdict(list)
    for action in actions:
        groups[action.axis_id].append(action)
    sections: list[tuple[str | None, list[Action]]] = [
        (f"Axe {axis.number} — {axis.title}", groups[axis.pk]) for axis in axes if groups[axis.pk]
    ]
    if groups[None]:
        sections.append(("Actions hors axe" if sections else None, groups[None]))
    rows: list[list] = [_cells(ANNEX_HEAD, styles["head"])]
    extra: list = []
    for heading, members in sections:
        if heading:
            row = len(rows)
            rows.append([Paragraph(_text(heading), styles["cell_bold"]), "", "", "", "", "", ""])
            extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), PALE)]
        for action in members:
            values = (
                action.number,
                action.title,
                _short_org(action),
                action.owner_display,
                short_date(action.starts_on),
                short_date(action.due_on),
                action.get_status_display(),
            )
            rows.append(_cells(values, styles["cell"]))
    return [
        Paragraph("Annexe — Plan d'actions", styles["h1"]),
        Paragraph(
            f"{len(actions)} action{'s' if len(actions) > 1 else ''}, regroupées par axe.",
            styles["small"],
        ),
        Spacer(1, 3 * mm),
        _table(rows, ANNEX_WIDTHS, extra=extra),
    ]


# --- The steering-committee report -----------------------------------------------------------


@dataclass
class AxisProgress:
    label: str
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    late: int = 0
    progress_sum: int = 0

    @property
    def average_progress(self) -> int:
        """Mean progress of the axis's actions, cancelled ones left out."""
        counted = self.total - self.by_status.get(Action.Status.CANCELLED, 0)
        if not counted:
            return 0
        return round(self.progress_sum / counted)


@dataclass
class IndicatorFigures:
    indicator: Indicator
    latest: Measurement | None

    @property
    def attainment(self) -> int | None:
        """Share of the way from baseline to target, in percent (None without a measurement)."""
        if self.latest is None:
            return None
        span = self.indicator.target - self.indicator.baseline
        if span == 0:
            return 100
        return round((self.latest.value - self.indicator.baseline) / span * 100)


@dataclass
class CommitteeFigures:
    """Everything the report states, computed once so tests can hold it against the data."""

    today: date
    period_start: date | None
    period_end: date
    axes: list[AxisProgress]
    late: list[Action]
    indicators: list[IndicatorFigures]
    recent: list[Measurement]
    total_actions: int


RECENT_MEASUREMENTS = 10


def committee_figures(convention: Convention, today: date | None = None) -> CommitteeFigures:
    today = today or timezone.localdate()
    actions = list(
        convention.actions.select_related(
            "axis", "lead_party__organisation", "owner_user", "owner_contact"
        ).order_by("order", "number")
    )
    late_ids = set(convention.actions.late(today).values_list("pk", flat=True))
    axes = {
        axis.pk: AxisProgress(f"Axe {axis.number} — {axis.title}")
        for axis in convention.axes.order_by("number")
    }
    without_axis = AxisProgress("Actions hors axe" if axes else "Ensemble des actions")
    for action in actions:
        group = axes.get(action.axis_id, without_axis)
        group.total += 1
        group.by_status[action.status] = group.by_status.get(action.status, 0) + 1
        group.late += action.pk in late_ids
        if action.status != Action.Status.CANCELLED:
            group.progress_sum += action.progress
    groups = [group for group in axes.values()] + ([without_axis] if without_axis.total else [])
    indicators = list(
        convention.indicators.prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("-measured_on"))
        ).order_by("order", "name")
    )
    recent = list(
        Measurement.objects.filter(indicator__convention=convention)
        .select_related("indicator", "recorded_by")
        .order_by("-measured_on", "-pk")[:RECENT_MEASUREMENTS]
    )
    start = convention.starts_on or convention.signed_on
    end = min(today, convention.ends_on) if convention.ends_on else today
    return CommitteeFigures(
        today=today,
        period_start=start,
        period_end=end,
        axes=groups,
        late=[action for action in actions if action.pk in late_ids],
        indicators=[
            IndicatorFigures(indicator, next(iter(indicator.measurements.all()), None))
            for indicator in indicators
        ],
        recent=recent,
        total_actions=len(actions),
    )


STATUS_COLUMNS = (
    Action.Status.DONE,
    Action.Status.IN_PROGRESS,
    Action.Status.PLANNED,
    Action.Status.BLOCKED,
    Action.Status.CANCELLED,
)


def committee_report_pdf(convention: Convention, today: date | None = None) -> bytes:
    """The steering-committee report: progress by axis, late actions, indicators, measurements."""
    styles = _styles()
    figures = committee_figures(convention, today)
    parties = _parties(convention)
    period = (
        f"du {french_date(figures.period_start)} au {french_date(figures.period_end)}"
        if figures.period_start
        else f"jusqu'au {french_date(figures.period_end)}"
    )
    story: list = [
        Paragraph("Rapport au comité de pilotage", styles["cover_kind"]),
        Paragraph(_text(convention.title), styles["cover_title"]),
        Spacer(1, 3 * mm),
        Paragraph(
            _text(f"Référence {convention.reference} · {convention.get_status_display()}"),
            styles["center"],
        ),
        Paragraph(_text(f"Période couverte : {period}"), styles["center"]),
        Paragraph(_text(f"Établi le {french_date(figures.today)}"), styles["center"]),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>Parties :</b> {_text(_party_names(parties))}", styles["body"]),
    ]
    story += _progress_section(figures, styles)
    story += _late_section(figures, styles)
    story += _indicator_section(figures, styles)
    story += _recent_section(figures, styles)
    return _build(
        story,
        title=f"Rapport au comité de pilotage — {convention.reference} — {convention.title}",
        author=_author(convention),
        subject=f"Avancement de la convention {convention.reference}, {period}",
        footer=f"{convention.reference} — Rapport au comité de pilotage",
    )


def _progress_section(figures: CommitteeFigures, styles: dict) -> list:
    story: list = [
        Paragraph("Avancement par axe", styles["h1"]),
        Paragraph(
            f"{figures.total_actions} action(s) au plan, dont {len(figures.late)} en retard.",
            styles["body"],
        ),
        Spacer(1, 2 * mm),
    ]
    if not figures.axes:
        return [*story, Paragraph("Aucune action n'est inscrite au plan.", styles["body"])]
    head = [
        "Axe",
        "Actions",
        *(Action.Status(s).label for s in STATUS_COLUMNS),
        "En retard",
        "Avancement moyen",
    ]
    rows: list[list] = [_cells(head, styles["head"])]
    for group in figures.axes:
        counts = [group.by_status.get(s, 0) for s in STATUS_COLUMNS]
        rows.append(
            _cells(
                [
                    group.label,
                    group.total,
                    *counts,
                    group.late,
                    f"{group.average_progress}{NARROW_NBSP}%",
                ],
                styles["cell"],
            )
        )
    widths = [29 * mm, 15 * mm, 17 * mm, 17 * mm, 16 * mm, 16 * mm, 23 * mm, 18 * mm, 23 * mm]
    story.append(_table(rows, widths))
    story.append(Spacer(1, 3 * mm))
    story.append(_progress_chart(figures.axes))
    return story


def _horizontal_chart(labels: list[str], values: list[int], caption: str) -> Drawing:
    height = 40 + 22 * len(labels)
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 28
    chart.width, chart.height = 100 * mm, height - 36
    chart.data = [values]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(100, *values) if values else 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = [
        label if len(label) <= 40 else label[:39] + "…" for label in labels
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.reverseDirection = True
    chart.bars[0].fillColor = ACCENT
    chart.barLabelFormat = lambda value: f"{value:.0f}{NARROW_NBSP}%"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(0, 2, caption, fontName=FONT, fontSize=7, fillColor=INK))
    return drawing


def _progress_chart(groups: list[AxisProgress]) -> Drawing:
    return _horizontal_chart(
        [group.label for group in groups],
        [group.average_progress for group in groups],
        "Avancement moyen des actions de chaque axe (%)",
    )


def _late_section(figures: CommitteeFigures, styles: dict) -> list:
    story: list = [Paragraph("Actions en retard", styles["h1"])]
    if not figures.late:
        return [*story, Paragraph("Aucune action en retard.", styles["body"])]
    head = ("N°", "Action", "Partie pilote", "Responsable", "Échéance", "Retard", "Statut")
    rows: list[list] = [_cells(head, styles["head"])]
    for action in figures.late:
        days = (figures.today - action.due_on).days
        values = (
            action.number,
            action.title,
            _short_org(action),
            action.owner_display,
            short_date(action.due_on),
            f"{days} jour{'s' if days > 1 else ''}",
            action.get_status_display(),
        )
        rows.append(_cells(values, styles["cell"]))
    story.append(_table(rows, [11 * mm, 50 * mm, 30 * mm, 25 * mm, 19 * mm, 17 * mm, 22 * mm]))
    return story


def _indicator_section(figures: CommitteeFigures, styles: dict) -> list:
    story: list = [Paragraph("Indicateurs et cibles", styles["h1"])]
    if not figures.indicators:
        return [*story, Paragraph("Aucun indicateur n'est suivi.", styles["body"])]
    head = ("Indicateur", "Départ", "Dernière mesure", "Cible", "Atteinte")
    rows: list[list] = [_cells(head, styles["head"])]
    for item in figures.indicators:
        indicator, latest = item.indicator, item.latest
        last = (
            f"{quantity(latest.value, indicator.unit)} au {short_date(latest.measured_on)}"
            if latest
            else "aucune mesure"
        )
        attainment = "—" if item.attainment is None else f"{item.attainment}{NARROW_NBSP}%"
        values = (
            indicator.name,
            quantity(indicator.baseline, indicator.unit),
            last,
            quantity(indicator.target, indicator.unit),
            attainment,
        )
        rows.append(_cells(values, styles["cell"]))
    story.append(_table(rows, [64 * mm, 24 * mm, 38 * mm, 26 * mm, 18 * mm]))
    measured = [item for item in figures.indicators if item.attainment is not None]
    if measured:
        story.append(Spacer(1, 3 * mm))
        story.append(
            _horizontal_chart(
                [item.indicator.name for item in measured],
                [max(0, item.attainment) for item in measured],
                "Atteinte de la cible, de la valeur de départ (0 %) à la cible (100 %)",
            )
        )
    for item in figures.indicators:
        measurements = list(item.indicator.measurements.all())[:8][::-1]
        if measurements:
            story.append(KeepTogether(_history_chart(item.indicator, measurements, styles)))
    return story


def _history_chart(indicator: Indicator, measurements: list[Measurement], styles: dict) -> list:
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
    drawing.add(
        Line(
            chart.x,
            y,
            chart.x + chart.width,
            y,
            strokeColor=colors.HexColor("#b45309"),
            strokeDashArray=[4, 2],
        )
    )
    drawing.add(
        String(
            chart.x + chart.width,
            y + 2,
            f"cible {quantity(target, indicator.unit)}",
            fontName=FONT,
            fontSize=7,
            textAnchor="end",
            fillColor=colors.HexColor("#b45309"),
        )
    )
    return [Paragraph(_text(indicator.name), styles["h2"]), drawing]


def _recent_section(figures: CommitteeFigures, styles: dict) -> list:
    story: list = [Paragraph("Dernières mesures", styles["h1"])]
    if not figures.recent:
        return [*story, Paragraph("Aucune mesure saisie.", styles["body"])]
    head = ("Date", "Indicateur", "Valeur", "Commentaire", "Saisie par")
    rows: list[list] = [_cells(head, styles["head"])]
    for measurement in figures.recent:
        values = (
            short_date(measurement.measured_on),
            measurement.indicator.name,
            quantity(measurement.value, measurement.indicator.unit),
            measurement.comment,
            measurement.recorded_by or "",
        )
        rows.append(_cells(values, styles["cell"]))
    story.append(_table(rows, [20 * mm, 62 * mm, 28 * mm, 36 * mm, 28 * mm]))
    return story
