"""The action plan annexed to the convention PDF, registered as one of its sections.

The header row repeats on every page; the rows are grouped by axis as on the convention page.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from actions.models import Action
from actions.plan import plan_by_axis
from conventions.models import Convention
from core.pdf import PALE, cells, short_date, table, user_text

ANNEX_HEAD = ("N°", "Action", "Partie pilote", "Responsable", "Début", "Échéance", "Statut")
ANNEX_WIDTHS = [11 * mm, 48 * mm, 30 * mm, 25 * mm, 19 * mm, 19 * mm, 22 * mm]


def plan_actions(convention: Convention) -> list[Action]:
    """The plan in its order, with what its tables print about each action."""
    return list(
        Action.objects.filter(convention=convention)
        .select_related("axis", "lead_party__organisation", "owner_user", "owner_contact")
        .order_by("order", "number")
    )


def lead_party_label(action: Action) -> str:
    """The lead party as a table cell: its acronym when it has one."""
    if not action.lead_party:
        return ""
    organisation = action.lead_party.organisation
    return organisation.acronym or organisation.name


def annex_section(convention: Convention, styles: dict) -> list:
    """The annexed plan (nothing when the plan is empty)."""
    actions = plan_actions(convention)
    if not actions:
        return []
    groups = [group for group in plan_by_axis(convention.axes.all(), actions) if group.actions]
    rows: list[list] = [cells(ANNEX_HEAD, styles["head"])]
    extra: list = []
    for group in groups:
        # The loose actions get a heading only when axes come before them.
        heading = group.label or ("Actions hors axe" if len(groups) > 1 else None)
        if heading:
            row = len(rows)
            rows.append([Paragraph(user_text(heading), styles["cell_bold"]), *[""] * 6])
            extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), PALE)]
        rows += [cells(_annex_row(action), styles["cell"]) for action in group.actions]
    count = len(actions)
    return [
        Paragraph("Annexe — Plan d'actions", styles["h1"]),
        Paragraph(
            f"{count} action{'s' if count > 1 else ''}, regroupées par axe.", styles["small"]
        ),
        Spacer(1, 3 * mm),
        table(rows, ANNEX_WIDTHS, extra=extra),
    ]


def _annex_row(action: Action) -> tuple:
    return (
        action.number,
        action.title,
        lead_party_label(action),
        action.owner_display,
        short_date(action.starts_on),
        short_date(action.due_on),
        action.get_status_display(),
    )
