"""The steering-committee report: a pure function, convention in, bytes out.

Registered in `actions/apps.py` as the renderer of `Document.Kind.COMMITTEE_REPORT`; the
convention app stores it without naming this module. Every figure comes from the models
(`average_progress`, `Indicator.percent_for`, `Action.is_late`), as on the convention page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from actions.annex import lead_party_label, plan_actions
from actions.models import Action, Indicator, Measurement
from actions.plan import AxisPlan, plan_by_axis
from actions.report_charts import measurement_history, percent_bars
from conventions.models import Convention
from conventions.pdf.convention import document_author, ordered_parties, party_names
from core.formats import percent
from core.pdf import (
    build,
    cells,
    french_date,
    quantity,
    short_date,
    styles,
    table,
    user_text,
)

RECENT_MEASUREMENTS = 10
HISTORY_BARS = 8
STATUS_COLUMNS = (
    Action.Status.DONE,
    Action.Status.IN_PROGRESS,
    Action.Status.PLANNED,
    Action.Status.BLOCKED,
    Action.Status.CANCELLED,
)


@dataclass
class IndicatorFigures:
    indicator: Indicator
    latest: Measurement | None

    @property
    def attainment(self) -> int | None:
        return self.indicator.percent_for(self.latest)


@dataclass
class CommitteeFigures:
    """Everything the report states, computed once so tests can hold it against the data."""

    today: date
    period_start: date | None
    # None while the convention has not yet taken effect: there is no period to report on.
    period_end: date | None
    axes: list[AxisPlan]
    late: list[Action]
    indicators: list[IndicatorFigures]
    recent: list[Measurement]
    total_actions: int

    @property
    def not_yet_in_effect(self) -> bool:
        return self.period_end is None

    @property
    def period(self) -> str:
        """The period covered, in words: it never ends before it starts."""
        if self.period_start is None:
            return f"jusqu'au {french_date(self.period_end)}"
        if self.period_end is None:
            return f"avant son entrée en vigueur le {french_date(self.period_start)}"
        return f"du {french_date(self.period_start)} au {french_date(self.period_end)}"

    @property
    def period_line(self) -> str:
        if self.not_yet_in_effect:
            start = french_date(self.period_start)
            return f"La convention n'est pas encore en vigueur : elle prend effet le {start}."
        return f"Période couverte : {self.period}"

    def axis_label(self, group: AxisPlan) -> str:
        loose = "Actions hors axe" if any(g.axis for g in self.axes) else "Ensemble des actions"
        return group.label or loose


def committee_figures(convention: Convention, today: date | None = None) -> CommitteeFigures:
    today = today or timezone.localdate()
    actions = plan_actions(convention)
    indicators = (
        Indicator.objects.filter(convention=convention)
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("-measured_on"))
        )
        .order_by("order", "name")
    )
    recent = (
        Measurement.objects.filter(indicator__convention=convention)
        .select_related("indicator", "recorded_by")
        .order_by("-measured_on", "-pk")[:RECENT_MEASUREMENTS]
    )
    start = convention.starts_on or convention.signed_on
    end = min(today, convention.ends_on) if convention.ends_on else today
    return CommitteeFigures(
        today=today,
        period_start=start,
        period_end=None if start and start > end else end,
        axes=plan_by_axis(convention.axes.all(), actions),
        late=[action for action in actions if action.is_late(today)],
        indicators=[
            IndicatorFigures(indicator, next(iter(indicator.measurements.all()), None))
            for indicator in indicators
        ],
        recent=list(recent),
        total_actions=len(actions),
    )


def committee_report_pdf(convention: Convention, today: date | None = None) -> bytes:
    """The steering-committee report: progress by axis, late actions, indicators, measurements."""
    page_styles = styles()
    figures = committee_figures(convention, today)
    story = _heading(convention, figures, page_styles)
    story += _progress_section(figures, page_styles)
    story += _late_section(figures, page_styles)
    story += _indicator_section(figures, page_styles)
    story += _recent_section(figures, page_styles)
    return build(
        story,
        title=f"Rapport au comité de pilotage — {convention.reference} — {convention.title}",
        author=document_author(convention),
        subject=f"Avancement de la convention {convention.reference}, {figures.period}",
        footer=f"{convention.reference} — Rapport au comité de pilotage",
    )


def _heading(convention: Convention, figures: CommitteeFigures, styles: dict) -> list:
    parties = party_names(ordered_parties(convention))
    return [
        Paragraph("Rapport au comité de pilotage", styles["cover_kind"]),
        Paragraph(user_text(convention.title), styles["cover_title"]),
        Spacer(1, 3 * mm),
        Paragraph(
            user_text(f"Référence {convention.reference} · {convention.get_status_display()}"),
            styles["center"],
        ),
        Paragraph(user_text(figures.period_line), styles["center"]),
        Paragraph(user_text(f"Établi le {french_date(figures.today)}"), styles["center"]),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>Parties :</b> {user_text(parties)}", styles["body"]),
    ]


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
    statuses = [Action.Status(status).label for status in STATUS_COLUMNS]
    head = ["Axe", "Actions", *statuses, "En retard", "Avancement moyen"]
    rows: list[list] = [cells(head, styles["head"])]
    for group in figures.axes:
        counts = [group.count(status) for status in STATUS_COLUMNS]
        late = len(group.late(figures.today))
        values = [figures.axis_label(group), len(group.actions), *counts, late]
        rows.append(cells([*values, percent(group.progress)], styles["cell"]))
    widths = [29 * mm, 15 * mm, 17 * mm, 17 * mm, 16 * mm, 16 * mm, 23 * mm, 18 * mm, 23 * mm]
    chart = percent_bars(
        [figures.axis_label(group) for group in figures.axes],
        [group.progress for group in figures.axes],
        "Avancement moyen des actions de chaque axe (%)",
    )
    return [*story, table(rows, widths), Spacer(1, 3 * mm), chart]


def _late_section(figures: CommitteeFigures, styles: dict) -> list:
    story: list = [Paragraph("Actions en retard", styles["h1"])]
    if not figures.late:
        return [*story, Paragraph("Aucune action en retard.", styles["body"])]
    head = ("N°", "Action", "Partie pilote", "Responsable", "Échéance", "Retard", "Statut")
    rows: list[list] = [cells(head, styles["head"])]
    for action in figures.late:
        days = (figures.today - action.due_on).days
        values = (
            action.number,
            action.title,
            lead_party_label(action),
            action.owner_display,
            short_date(action.due_on),
            f"{days} jour{'s' if days > 1 else ''}",
            action.get_status_display(),
        )
        rows.append(cells(values, styles["cell"]))
    story.append(table(rows, [11 * mm, 50 * mm, 30 * mm, 25 * mm, 19 * mm, 17 * mm, 22 * mm]))
    return story


def _indicator_section(figures: CommitteeFigures, styles: dict) -> list:
    story: list = [Paragraph("Indicateurs et cibles", styles["h1"])]
    if not figures.indicators:
        return [*story, Paragraph("Aucun indicateur n'est suivi.", styles["body"])]
    head = ("Indicateur", "Départ", "Dernière mesure", "Cible", "Atteinte")
    rows: list[list] = [cells(head, styles["head"])]
    rows += [cells(_indicator_row(item), styles["cell"]) for item in figures.indicators]
    story.append(table(rows, [64 * mm, 24 * mm, 38 * mm, 26 * mm, 18 * mm]))
    measured = [item for item in figures.indicators if item.attainment is not None]
    if measured:
        story.append(Spacer(1, 3 * mm))
        story.append(
            percent_bars(
                [item.indicator.name for item in measured],
                [item.attainment for item in measured],
                "Atteinte de la cible, de la valeur de départ (0 %) à la cible (100 %)",
            )
        )
    for item in figures.indicators:
        # The latest measurements, oldest first, drawn as on the page.
        measurements = list(item.indicator.measurements.all())[:HISTORY_BARS][::-1]
        if measurements:
            story.append(KeepTogether(measurement_history(item.indicator, measurements, styles)))
    return story


def _indicator_row(item: IndicatorFigures) -> tuple:
    indicator, latest = item.indicator, item.latest
    last = (
        f"{quantity(latest.value, indicator.unit)} au {short_date(latest.measured_on)}"
        if latest
        else "aucune mesure"
    )
    return (
        indicator.name,
        quantity(indicator.baseline, indicator.unit),
        last,
        quantity(indicator.target, indicator.unit),
        percent(item.attainment),
    )


def _recent_section(figures: CommitteeFigures, styles: dict) -> list:
    story: list = [Paragraph("Dernières mesures", styles["h1"])]
    if not figures.recent:
        return [*story, Paragraph("Aucune mesure saisie.", styles["body"])]
    head = ("Date", "Indicateur", "Valeur", "Commentaire", "Saisie par")
    rows: list[list] = [cells(head, styles["head"])]
    for measurement in figures.recent:
        values = (
            short_date(measurement.measured_on),
            measurement.indicator.name,
            quantity(measurement.value, measurement.indicator.unit),
            measurement.comment,
            measurement.recorded_by or "",
        )
        rows.append(cells(values, styles["cell"]))
    story.append(table(rows, [20 * mm, 62 * mm, 28 * mm, 36 * mm, 28 * mm]))
    return story
