"""A measurement is corrected or deleted with a trace, by those who may record one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from actions import services
from actions.models import Measurement
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measurement(coordinator):
    indicator = IndicatorFactory(name="Achats au secteur", unit="€", target=1000)
    services.measurement_record(
        indicator=indicator, by=coordinator, measured_on=dt.date(2026, 2, 1), value=Decimal(250),
        comment="",
    )  # fmt: skip
    return services.measurement_record(
        indicator=indicator, by=coordinator, measured_on=dt.date(2026, 3, 1), value=Decimal(400),
        comment="Chiffre provisoire",
    )  # fmt: skip


def test_a_coordinator_corrects_a_measurement_and_the_history_keeps_the_old_value(
    client_coordinator, measurement, django_assert_max_num_queries
):
    indicator_page = measurement.indicator.get_absolute_url()
    url = reverse("actions:measurement_update", args=[measurement.pk])
    assert url in client_coordinator.get(indicator_page).content.decode()
    with django_assert_max_num_queries(12):
        assert "Corriger une mesure" in client_coordinator.get(url).content.decode()
    data = {"measured_on": "01/03/2026", "value": "450", "comment": "Chiffre définitif"}
    response = client_coordinator.post(url, {**data, "version": 1})
    assert response.status_code == 302 and response.url == indicator_page
    measurement.refresh_from_db()
    assert (measurement.value, measurement.version) == (Decimal(450), 2)
    assert [h.value for h in measurement.history.order_by("history_id")] == [400, 450]
    # Moved onto the date of another measurement: refused next to the field, in French.
    response = client_coordinator.post(url, {**data, "measured_on": "01/02/2026", "version": 2})
    assert "Une mesure existe déjà à cette date pour cet indicateur." in response.content.decode()


def test_deleting_a_measurement_asks_first_then_keeps_it_in_the_history(
    client_coordinator, measurement, coordinator
):
    url = reverse("actions:measurement_delete", args=[measurement.pk])
    page = client_coordinator.get(url).content.decode()
    assert "Supprimer la mesure" in page and 'method="post"' in page
    assert Measurement.objects.filter(pk=measurement.pk).exists()
    assert client_coordinator.post(url).status_code == 302
    assert not Measurement.objects.filter(pk=measurement.pk).exists()
    deleted = Measurement.history.filter(id=measurement.pk).latest("history_id")
    assert (deleted.history_type, deleted.history_user, deleted.value) == ("-", coordinator, 400)


@pytest.mark.parametrize("name", ["measurement_update", "measurement_delete"])
def test_a_read_only_collaborator_cannot_correct_a_measurement(
    client_collaborator, client_relations, measurement, name
):
    url = reverse(f"actions:{name}", args=[measurement.pk])
    for client in (client_collaborator, client_relations):
        assert client.get(url).status_code == 403
        assert client.post(url, {"measured_on": "01/03/2026", "value": "0"}).status_code == 403
    measurement.refresh_from_db()
    assert measurement.value == Decimal(400)
