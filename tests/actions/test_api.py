"""The action plan through the API: the screens' form, close service and measurements."""

import datetime as dt

import pytest

from actions.models import Indicator, Measurement
from actions.models.indicators import UNIQUE_DATE_MESSAGE
from tests.factories import ActionFactory, ConventionFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def test_an_action_is_added_edited_and_closed_as_on_the_screens(api_client, coordinator):
    convention = ConventionFactory()
    ActionFactory(convention=convention, number="1", order=1)
    client = api_client(coordinator)
    taken = client.post(
        "/api/v1/actions/", {"convention": convention.pk, "number": "1", "title": "X"}
    )
    assert taken.json() == {
        "non_field_errors": ["Cette convention a déjà une action portant ce numéro."]
    }
    created = client.post(
        "/api/v1/actions/",
        {"convention": convention.pk, "number": "2", "title": "Former les acheteurs"},
    )
    assert created.status_code == 201, created.json()
    action = created.json()
    assert action["order"] == 2
    edited = client.patch(
        f"/api/v1/actions/{action['id']}/",
        {"progress": 40, "status": "in_progress"},
        HTTP_IF_MATCH='"1"',
    )
    assert edited.status_code == 200 and edited.json()["progress"] == 40, edited.json()
    closed = client.post(f"/api/v1/actions/{action['id']}/close/").json()
    assert (closed["status"], closed["progress"]) == ("done", 100)
    again = client.post(f"/api/v1/actions/{action['id']}/close/")
    assert again.json() == {"non_field_errors": ["Cette action est déjà réalisée."]}


def test_a_measurement_goes_through_the_service(api_client, coordinator, collaborator):
    indicator = IndicatorFactory()
    client = api_client(coordinator)
    future = {"indicator": indicator.pk, "measured_on": "2999-01-01", "value": "12"}
    assert "measured_on" in client.post("/api/v1/measurements/", future).json()
    data = {"indicator": indicator.pk, "measured_on": "2026-03-01", "value": "1200.50"}
    created = client.post("/api/v1/measurements/", data)
    assert created.status_code == 201, created.json()
    measurement = Measurement.objects.get(pk=created.json()["id"])
    assert measurement.recorded_by == coordinator and measurement.measured_on == dt.date(2026, 3, 1)
    assert client.post("/api/v1/measurements/", data).json() == {
        "measured_on": ["Une mesure existe déjà à cette date pour cet indicateur."]
    }
    assert api_client(collaborator).post("/api/v1/measurements/", data).status_code == 403


def test_the_plan_lists_stay_within_their_query_budget(
    api_client, collaborator, django_assert_max_num_queries
):
    convention = ConventionFactory()
    for n in range(15):
        ActionFactory(convention=convention, title=f"Sensibiliser les élus {n}")
        IndicatorFactory(convention=convention)
    client = api_client(collaborator)
    client.get("/api/v1/actions/")
    with django_assert_max_num_queries(3):
        page = client.get("/api/v1/actions/", {"q": "elus", "taille": 10}).json()
    assert page["count"] == 15 and len(page["results"]) == 10
    with django_assert_max_num_queries(3):
        assert (
            client.get("/api/v1/indicators/", {"convention": convention.pk}).json()["count"] == 15
        )
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/measurements/").status_code == 200


def test_an_indicator_is_created_under_its_convention_and_edited_with_its_version(
    api_client, coordinator, relations_manager, django_assert_max_num_queries
):
    convention, elsewhere = ConventionFactory(), ActionFactory()
    client = api_client(coordinator)
    url = "/api/v1/indicators/"
    data = {"convention": convention.pk, "name": "Montant acheté", "unit": "€", "target": "5000",
            "action": elsewhere.pk}  # fmt: skip
    refused = client.post(url, data)
    assert "choix valide" in refused.json()["action"][0], refused.json()
    client.get(url)
    with django_assert_max_num_queries(14):
        created = client.post(url, {**data, "action": ""})
    assert created.status_code == 201, created.json()
    indicator = Indicator.objects.get(pk=created.json()["id"])
    assert indicator.convention == convention
    assert indicator.history.latest().history_change_reason == "API"
    detail = f"{url}{indicator.pk}/"
    moved = {"target": "8000", "convention": elsewhere.convention.pk}
    with django_assert_max_num_queries(14):
        edited = client.patch(detail, moved, HTTP_IF_MATCH='"1"')
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["target"], edited.json()["convention"]) == ("8000.00", convention.pk)
    assert client.patch(detail, moved, HTTP_IF_MATCH='"1"').status_code == 412
    assert api_client(relations_manager).post(url, data).status_code == 403
    assert client.delete(detail).status_code == 405


def test_a_measurement_is_corrected_and_deleted_as_on_the_screens(
    api_client, coordinator, collaborator, django_assert_max_num_queries
):
    indicator = IndicatorFactory()
    first = indicator.measurements.create(measured_on=dt.date(2026, 1, 1), value=10)
    second = indicator.measurements.create(measured_on=dt.date(2026, 2, 1), value=20)
    client = api_client(coordinator)
    url = f"/api/v1/measurements/{second.pk}/"
    client.get(url)
    taken = client.patch(url, {"measured_on": "2026-01-01"}, HTTP_IF_MATCH='"1"')
    assert taken.json() == {"measured_on": [UNIQUE_DATE_MESSAGE]}
    with django_assert_max_num_queries(20):
        corrected = client.patch(url, {"value": "25"}, HTTP_IF_MATCH='"1"')
    assert corrected.status_code == 200 and corrected.json()["value"] == "25.00", corrected.json()
    assert api_client(collaborator).delete(url).status_code == 403
    with django_assert_max_num_queries(6):
        assert client.delete(url).status_code == 204
    gone = Measurement.history.filter(id=second.pk).latest()
    assert (gone.history_type, gone.history_change_reason) == ("-", "Mesure supprimée (API)")
    assert list(indicator.measurements.all()) == [first]
