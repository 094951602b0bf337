import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from actions.charts import indicator_progress
from actions.models import Action, Measurement
from tests.factories import ActionFactory, ConventionFactory, IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db

PARIS_LATE_EVENING = dt.datetime(2026, 3, 10, 22, 59, tzinfo=dt.UTC)  # 23:59 in Paris
PARIS_AFTER_MIDNIGHT = dt.datetime(2026, 3, 10, 23, 1, tzinfo=dt.UTC)  # 00:01 on the 11th


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_an_action_due_today_becomes_late_just_after_midnight_in_paris():
    action = ActionFactory(due_on=dt.date(2026, 3, 10))
    with time_machine.travel(PARIS_LATE_EVENING, tick=False):
        assert not action.is_late()
        assert not Action.objects.late().exists()
    with time_machine.travel(PARIS_AFTER_MIDNIGHT, tick=False):
        assert action.is_late()
        assert list(Action.objects.late()) == [action]


def test_a_done_action_is_never_late():
    action = ActionFactory(
        due_on=dt.date(2020, 1, 1), status="done", completed_on=dt.date(2020, 1, 2)
    )
    assert not action.is_late()
    assert not Action.objects.late().exists()


def test_mes_actions_lists_my_late_actions_across_conventions(client_coordinator, coordinator):
    ActionFactory(owner_user=coordinator, title="Diagnostic des achats", due_on=dt.date(2020, 1, 1))
    ActionFactory(owner_user=coordinator, title="Plan de formation", due_on=dt.date(2070, 1, 1))
    ActionFactory(owner_user=UserFactory(), title="Pas à moi", due_on=dt.date(2020, 1, 1))
    page = page_of(
        client_coordinator.get(reverse("actions:action_list"), {"owner": "me", "late": "on"})
    )
    assert "Mes actions" in page
    assert "Diagnostic des achats" in page
    assert "Plan de formation" not in page
    assert "Pas à moi" not in page


def test_the_action_list_opens_on_open_and_late_actions_soonest_due_first(client_coordinator):
    today = dt.date.today()
    ActionFactory(title="Bilan 2018", status="done", due_on=dt.date(2018, 6, 1),
                  completed_on=dt.date(2018, 6, 1), progress=100)  # fmt: skip
    ActionFactory(title="Piste abandonnée", status="cancelled", due_on=dt.date(2019, 1, 1))
    ActionFactory(title="Sans échéance", status="planned", due_on=None)
    ActionFactory(
        title="Former les acheteurs", status="in_progress", due_on=today + dt.timedelta(30)
    )
    ActionFactory(title="Diagnostic en retard", status="blocked", due_on=today - dt.timedelta(10))
    url = reverse("actions:action_list")
    response = client_coordinator.get(url)
    titles = [action.title for action in response.context["page_obj"]]
    assert titles == ["Diagnostic en retard", "Former les acheteurs", "Sans échéance"]
    page = page_of(response)
    assert '<option value="open" selected>' in page
    assert "Seules les actions non terminées (à faire et en retard) sont affichées" in page

    # One visible link shows every status; the choice lives in the URL like every filter.
    assert '<a href="?status=all">Afficher tous les statuts</a>' in page
    every = client_coordinator.get(url, {"status": "all"})
    titles = [action.title for action in every.context["page_obj"]]
    assert titles == [
        "Bilan 2018", "Piste abandonnée", "Diagnostic en retard", "Former les acheteurs",
        "Sans échéance",
    ]  # fmt: skip
    assert "Afficher tous les statuts" not in page_of(every)
    searched = page_of(client_coordinator.get(url, {"q": "bilan", "sort": "-due_on"}))
    assert "Bilan 2018" not in searched
    assert 'href="?q=bilan&amp;sort=-due_on&amp;status=all"' in searched


@pytest.mark.parametrize("size", [2, 40])
def test_the_action_list_runs_the_same_queries_small_or_large(
    size, client_coordinator, django_assert_max_num_queries
):
    convention = ConventionFactory()
    Action.objects.bulk_create(
        Action(convention=convention, number=str(i), title=f"Action {i}") for i in range(size)
    )
    with django_assert_max_num_queries(9):
        page_of(client_coordinator.get(reverse("actions:action_list")))


def test_a_coordinator_adds_an_action_then_marks_it_done(client_coordinator):
    convention = ConventionFactory()
    url = reverse("actions:action_create", args=[convention.pk])
    data = {
        "number": "1",
        "title": "Identifier les bonnes pratiques",
        "status": "planned",
        "progress": 0,
    }
    assert client_coordinator.post(url, data).status_code == 302
    action = convention.actions.get()
    close = reverse("actions:action_close", args=[action.pk])
    assert "Confirmer : action réalisée" in page_of(client_coordinator.get(close))
    client_coordinator.post(close)
    action.refresh_from_db()
    assert (action.status, action.progress) == ("done", 100)
    assert action.completed_on is not None


def test_a_relationship_manager_reads_but_does_not_edit_actions(client_relations):
    action = ActionFactory()
    assert client_relations.get(action.get_absolute_url()).status_code == 200
    assert (
        client_relations.get(reverse("actions:action_update", args=[action.pk])).status_code == 403
    )
    assert (
        client_relations.post(reverse("actions:action_close", args=[action.pk])).status_code == 403
    )


def test_an_axis_of_another_convention_is_refused(client_coordinator):
    from tests.factories import AxisFactory

    action = ActionFactory()
    foreign_axis = AxisFactory()
    url = reverse("actions:action_update", args=[action.pk])
    data = {"number": action.number, "title": "T", "status": "planned", "progress": 0,
            "axis": foreign_axis.pk, "version": 1}  # fmt: skip
    page = page_of(client_coordinator.post(url, data))
    assert "Sélectionnez un choix valide" in page


def test_an_action_edit_over_a_newer_version_is_refused_and_keeps_my_input(
    client_coordinator, client_administrator
):
    action = ActionFactory(title="Avant")
    url = reverse("actions:action_update", args=[action.pk])
    base = {"number": action.number, "status": "in_progress", "progress": 10, "version": 1}
    assert client_administrator.post(url, {**base, "title": "Par l'admin"}).status_code == 302
    page = page_of(client_coordinator.post(url, {**base, "title": "Ma saisie"}))
    assert "Modifié par" in page and 'value="Ma saisie"' in page
    assert Action.objects.get(pk=action.pk).title == "Par l'admin"


def test_progress_above_100_is_explained(client_coordinator):
    action = ActionFactory()
    url = reverse("actions:action_update", args=[action.pk])
    data = {
        "number": action.number,
        "title": "T",
        "status": "planned",
        "progress": 140,
        "version": 1,
    }
    page = page_of(client_coordinator.post(url, data))
    assert "L&#x27;avancement est un pourcentage entre 0 et 100." in page


def test_reordering_swaps_an_action_with_its_neighbour(client_coordinator):
    convention = ConventionFactory()
    first = ActionFactory(convention=convention, number="1", order=1)
    second = ActionFactory(convention=convention, number="2", order=2)
    # The plan tab's one form: each button posts to its own action's move.
    plan = reverse("conventions:convention_section", args=[convention.pk, "plan"])
    page = client_coordinator.get(plan).content.decode()
    up = reverse("actions:action_move", args=[second.pk, "up"])
    assert f'formaction="{up}"' in page
    client_coordinator.post(up)
    ordered = list(convention.actions.order_by("order").values_list("pk", flat=True))
    assert ordered == [second.pk, first.pk]
    assert (
        client_coordinator.get(reverse("actions:action_move", args=[first.pk, "up"])).status_code
        == 405
    )


def test_comments_are_kept_with_their_author_and_history(client_coordinator, coordinator):
    action = ActionFactory()
    url = reverse("actions:actioncomment_create", args=[action.pk])
    client_coordinator.post(url, {"body": "Comité du 12 : en bonne voie"})
    comment = action.comments.get()
    assert comment.author == coordinator
    assert comment.history.first().history_user == coordinator
    assert "Comité du 12 : en bonne voie" in page_of(
        client_coordinator.get(action.get_absolute_url())
    )


def test_a_coordinator_defines_an_indicator_and_records_a_measurement(client_coordinator):
    convention = ConventionFactory()
    url = reverse("actions:indicator_create", args=[convention.pk])
    data = {"name": "Montant acheté au secteur", "unit": "€", "baseline": 0, "target": 1900000,
            "frequency": "yearly", "order": 1}  # fmt: skip
    response = client_coordinator.post(url, data)
    indicator = convention.indicators.get()
    assert response.url == indicator.get_absolute_url()
    record = reverse("actions:measurement_create", args=[indicator.pk])
    client_coordinator.post(record, {"measured_on": "2026-01-31", "value": "950000"})
    page = page_of(client_coordinator.get(indicator.get_absolute_url()))
    assert "50 %" in page
    # The measurement's row, its value grouped by thousands as French writes it.
    assert re.search(
        r'<td data-label="Date">31/01/2026</td><td data-label="Valeur">950\s000 €', page
    )
    again = page_of(client_coordinator.post(record, {"measured_on": "2026-01-31", "value": "1"}))
    assert "Une mesure existe déjà à cette date pour cet indicateur." in again
    assert Measurement.objects.count() == 1


def test_a_collaborator_cannot_record_a_measurement(client_collaborator):
    indicator = IndicatorFactory()
    record = reverse("actions:measurement_create", args=[indicator.pk])
    assert (
        client_collaborator.post(record, {"measured_on": "2026-01-31", "value": "1"}).status_code
        == 403
    )


def test_progress_is_the_share_of_the_way_from_baseline_to_target():
    indicator = IndicatorFactory.build(baseline=Decimal(100), target=Decimal(300))
    measures = [
        Measurement(indicator=indicator, measured_on=dt.date(2026, 1, 1), value=Decimal(150)),
        Measurement(indicator=indicator, measured_on=dt.date(2026, 2, 1), value=Decimal(250)),
    ]
    progress = indicator_progress(indicator, measures)
    assert progress.percent == 75
    assert progress.latest.value == 250
    assert len(progress.points) == 2
    assert progress.points[0].x < progress.points[1].x
    assert progress.points[1].y < progress.points[0].y  # higher value, higher on the chart
