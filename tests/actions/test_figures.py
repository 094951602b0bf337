"""Each figure has one definition, and the page, the charts and the committee report show it."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.annex import annex_section
from actions.charts import indicator_progress
from actions.models import Action, Indicator, Measurement, average_progress
from actions.report import committee_report_pdf
from conventions.models import Convention, Document
from core.pdf import quantity, short_date
from core.registry import pdf_sections, renderers, sections
from demo.loaders import load_demo
from tests.conventions.pdf_helpers import pdf_text
from tests.factories import ActionFactory, IndicatorFactory

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"
TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize("status", Action.Status.values)
def test_is_late_and_the_late_queryset_agree_for_every_status_and_due_date(status):
    for due_on in (None, TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=1)):
        done = status == Action.Status.DONE
        action = ActionFactory(status=status, due_on=due_on, completed_on=TODAY if done else None)
        in_queryset = Action.objects.late(TODAY).filter(pk=action.pk).exists()
        assert action.is_late(TODAY) == in_queryset, (status, due_on)
    assert Action.objects.late(TODAY).count() == (0 if status in Action.CLOSED_STATUSES else 1)


@pytest.mark.parametrize(
    ("baseline", "target", "value", "expected"),
    [
        (0, 40, 15, 37),  # 37.5: a half rounds towards zero
        (0, 40, 11, 27),  # 27.5
        (850_000, 1_900_000, 1_720_000, 83),  # 82.86
        (100, 300, 250, 75),
        (10, 20, 5, -50),  # below the baseline: not clamped
        (0, 40, 50, 125),  # beyond the target
        (100, 20, 60, 50),  # a target below the baseline: the way goes down
        (40, 40, 40, None),  # no way to go, no share of it
        (0, 40, None, None),  # nothing measured yet
    ],
)
def test_an_indicator_s_attainment_is_its_share_of_the_way_to_the_target(
    baseline, target, value, expected
):
    indicator = IndicatorFactory.build(baseline=Decimal(baseline), target=Decimal(target))
    assert indicator.attainment(None if value is None else Decimal(value)) == expected


def test_the_chart_shows_the_indicator_s_own_percentage():
    indicator = IndicatorFactory(baseline=0, target=40, unit="marchés")
    Measurement.objects.create(indicator=indicator, measured_on=TODAY, value=15)
    latest = indicator.measurements.get()
    assert indicator_progress(indicator, [latest]).percent == indicator.percent_for(latest) == 37
    assert indicator.percent_for(None) is None


def test_an_axis_s_progress_leaves_cancelled_actions_out():
    def action(status: str, progress: int) -> Action:
        return Action(status=status, progress=progress)

    S = Action.Status
    assert average_progress([action(S.DONE, 100), action(S.IN_PROGRESS, 40)]) == 70
    assert average_progress([action(S.BLOCKED, 10), action(S.CANCELLED, 0)]) == 10
    assert average_progress([action(S.PLANNED, 0), action(S.IN_PROGRESS, 5)]) == 2  # 2.5
    assert average_progress([action(S.CANCELLED, 30)]) == 0
    assert average_progress([]) == 0


def test_actions_plugs_its_tabs_annex_and_report_into_conventions(administrator):
    assert renderers.get(Document.Kind.COMMITTEE_REPORT) is committee_report_pdf
    sections_ = pdf_sections.for_document(Document.Kind.CONVENTION)
    assert [section.build for section in sections_] == [annex_section]
    templates = [
        tab.template for tab in sections.for_place("conventions.Convention", user=administrator)
    ]
    assert templates[3:5] == ["actions/sections/_plan.html", "actions/sections/_indicators.html"]


# --- The demo: what the convention page shows is what its report says --------------------------


def page_axes(page: str) -> dict[str, int]:
    """{"Axe 1 — …": 47, "Actions hors axe": 12} as the plan tab's headings show them."""
    pattern = r'<h3 class="h5 mt-3">(.*?) <span[^>]*>\(avancement moyen (\d+) %\)</span></h3>'
    return {html.unescape(label): int(value) for label, value in re.findall(pattern, page)}


def report_axis(text: str, label: str) -> int | None:
    """The last cell of the axis's row: label, actions, five statuses, late, average."""
    words = r"\s*".join(re.escape(word) for word in label.split())
    found = re.search(words + r"(?:\s+\d+){7}\s+(\d+)" + NNBSP + "%", text)
    return int(found.group(1)) if found else None


def page_indicator(page: str, url: str) -> int | None:
    """The percentage in the indicator's block ("<strong>83 %</strong> du chemin parcouru")."""
    block = page[page.index(f'href="{url}"') :].split("</div></div>")[0]
    found = re.search(r"<strong>(-?\d+) %</strong> du chemin parcouru", block)
    return int(found.group(1)) if found else None


def report_indicator(text: str, indicator) -> int | None:
    """The "Atteinte" cell of the indicator's row (whitespace squashed), after its other cells."""
    latest = indicator.measurements.order_by("-measured_on").first()
    last = (
        f"{quantity(latest.value, indicator.unit)} au {short_date(latest.measured_on)}"
        if latest
        else "aucune mesure"
    )
    cells = [indicator.name, quantity(indicator.baseline, indicator.unit), last]
    before = "".join(
        "".join(cell.split()) for cell in [*cells, quantity(indicator.target, indicator.unit)]
    )
    found = re.search(re.escape(before) + r"(—|-?\d+%)", text)
    assert found, indicator.name
    return None if found.group(1) == "—" else int(found.group(1).removesuffix("%"))


def test_the_convention_page_and_its_committee_report_show_the_same_percentages(
    client_relations,
):
    load_demo()
    today = timezone.localdate()
    axes_seen = indicators_seen = 0
    for convention in Convention.objects.order_by("reference"):
        tab = "conventions:convention_section"
        response = client_relations.get(reverse(tab, args=[convention.pk, "plan"]))
        assert response.status_code == 200
        page = response.content.decode()
        indicators = client_relations.get(reverse(tab, args=[convention.pk, "indicateurs"]))
        text = pdf_text(committee_report_pdf(convention, today=today))
        for label, shown in page_axes(page).items():
            in_report = report_axis(text, label)
            if in_report is None and label == "Actions hors axe":
                in_report = report_axis(text, "Ensemble des actions")
            assert in_report == shown, (convention.reference, label)
            axes_seen += 1
        squashed = "".join(text.split())
        for indicator in convention.indicators.all():
            shown = page_indicator(indicators.content.decode(), indicator.get_absolute_url())
            assert report_indicator(squashed, indicator) == shown, indicator.name
            indicators_seen += 1
    # Every group of the demo plans (an axis, or the actions without one), every indicator.
    groups = Action.objects.order_by().values("convention", "axis").distinct().count()
    assert (axes_seen, indicators_seen) == (groups, Indicator.objects.count())
