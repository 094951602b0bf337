"""schemathesis against the live schema, with a token per role: no 5xx, no answer outside
the schema (status, content type, body), on every operation; then statefully, following
the schema's links from each creation to its row's reads, edits, deletes and steps and to
the rows made under it.

Bounded: two examples per operation, each sent with every role's token; operations on one
object (`{id}`) aim at a real row of each resource, so reads and writes reach the services.
The stateful run plays a bounded number of scenarios of a few steps. About 30 s in all.
"""

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from actions.models import Action, Indicator, Measurement
from config.wsgi import application
from conventions.models import Axis, Clause, Convention, Party, Programme
from core.api.tokens import token_create
from partners.models import Affiliation, Contact, Interaction, Organisation, Relationship
from purchases.models import Purchase
from tasks.models import Notification, Task
from tests.factories import (
    ActionFactory,
    ContactFactory,
    ConventionFactory,
    IndicatorFactory,
    OrganisationFactory,
    PartyFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 2
# A created row can be read; a deleted one is gone.
STATEFUL_CHECKS = [*CHECKS, ensure_resource_availability, use_after_free]
SCENARIO_SETTINGS = settings(
    max_examples=25,
    stateful_step_count=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],
)
VERSIONED = {
    "organisations": Organisation,
    "contacts": Contact,
    "affiliations": Affiliation,
    "relationships": Relationship,
    "journal": Interaction,
    "programmes": Programme,
    "conventions": Convention,
    "parties": Party,
    "axes": Axis,
    "articles": Clause,
    "tasks": Task,
    "actions": Action,
    "indicators": Indicator,
    "measurements": Measurement,
    "purchases": Purchase,
}


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """As Django's test client does: the WSGI app's request signals must not close the
    connection holding the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _rows(user, n: int) -> dict[str, int]:
    """One row of each resource, by the path's first segment."""
    organisation, other = OrganisationFactory(), OrganisationFactory()
    contact = ContactFactory()
    convention = ConventionFactory()
    party = PartyFactory(convention=convention, organisation=organisation)
    action = ActionFactory(convention=convention)
    indicator = IndicatorFactory(convention=convention)
    return {
        "organisations": organisation.pk,
        "contacts": contact.pk,
        "affiliations": contact.affiliations.create(organisation=organisation, role_title="DG").pk,
        "relationships": organisation.relationships_out.create(kind="member_of", target=other).pk,
        "journal": Interaction.objects.create(
            kind="call", occurred_on=dt.date(2026, 3, 2), subject="Point d'étape"
        ).pk,
        "programmes": Programme.objects.create(name=f"MACS {n}").pk,
        "conventions": convention.pk,
        "parties": party.pk,
        "axes": Axis.objects.create(convention=convention, number=1, title="Achats").pk,
        "articles": Clause.objects.create(convention=convention, number=1, title="Objet").pk,
        "tasks": TaskFactory(assignee=user).pk,
        "notifications": Notification.objects.create(user=user, title="Rappel").pk,
        "actions": action.pk,
        "indicators": indicator.pk,
        "measurements": indicator.measurements.create(measured_on=dt.date(2026, 2, 1), value=10).pk,
        "purchases": Purchase.objects.create(
            buyer=other,
            supplier=organisation,
            supplier_siret=organisation.siret,
            year=2025,
            amount_ht=1000,
        ).pk,
    }


def _fuzz(operation, callers: list[tuple[dict, dict]]) -> None:
    """Each case drawn once, then sent by every caller (its token, its own rows)."""
    resource = operation.path.removeprefix("/api/v1/").split("/")[0]
    model = VERSIONED.get(resource)
    on_row = "{id}" in operation.path and resource in callers[0][1]
    first_ids = {"id": callers[0][1][resource]} if on_row else {}

    @given(case=operation.as_strategy(path_parameters=first_ids))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:
        for headers, rows in callers:
            sent = dict(headers)
            if on_row:
                case.path_parameters["id"] = rows[resource]
            if case.method in ("PUT", "PATCH") and model is not None:
                # The version a client would have read, so that edits reach the form.
                pk = case.path_parameters["id"]
                version = model.objects.filter(pk=pk).values_list("version", flat=True).first()
                sent["If-Match"] = str(version or 1)
            response = case.call(headers=sent)
            case.validate_response(response, checks=CHECKS)

    run()


def test_every_operation_answers_within_its_schema_for_every_role(
    wsgi_keeps_the_test_connection,
    administrator,
    relations_manager,
    coordinator,
    collaborator,
    settings,
):
    settings.API_THROTTLE_RATE = "100000/hour"
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    # Deletes last, each role on rows of its own: every operation reaches a row.
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()), key=lambda o: o.method == "delete"
    )
    assert len(operations) > 70
    callers = []
    for n, user in enumerate((administrator, relations_manager, coordinator, collaborator)):
        _token, secret = token_create(user=user, name="schemathesis")
        callers.append(({"Authorization": f"Token {secret}"}, _rows(collaborator, n)))
    for operation in operations:
        _fuzz(operation, callers)


def _seeds(user) -> dict[str, int]:
    """The rows a generated id stands for, by field (a creation's organisation, signatory,
    assignee…), so that chains go past the forms' "valid choice" check."""
    organisation, other = OrganisationFactory(), OrganisationFactory()
    contact = ContactFactory()
    contact.affiliations.create(organisation=organisation, role_title="DG")
    convention = ConventionFactory()
    return {
        "organisation": organisation.pk,
        "source": organisation.pk,
        "pilot": organisation.pk,
        "target": other.pk,
        "contact": contact.pk,
        "signatory": contact.pk,
        "convention": convention.pk,
        "indicator": IndicatorFactory(convention=convention).pk,
        "assignee": user.pk,
        "owner": user.pk,
        "buyer": other.pk,
        "supplier": organisation.pk,
    }


def test_creations_lead_through_their_links_to_their_rows(
    wsgi_keeps_the_test_connection, administrator, settings
):
    settings.API_THROTTLE_RATE = "100000/hour"
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    # The schema's own links only: what it promises clients is what is followed.
    schema.config.phases.stateful.inference.algorithms = []
    seeds = _seeds(administrator)
    siret = Organisation.objects.get(pk=seeds["supplier"]).siret
    organisations = [seeds["organisation"]]
    _token, secret = token_create(user=administrator, name="schemathesis")
    headers = {"Authorization": f"Token {secret}"}
    seen: dict[tuple[str, str], int] = {}

    class Links(schema.as_state_machine()):
        # Each scenario starts from the same rows: Hypothesis replays a scenario's first steps
        # and needs the same answers (a name taken by an earlier scenario would be refused).
        def setup(self) -> None:
            self.savepoint = transaction.savepoint()
            self.created: set[int] = set()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def get_call_kwargs(self, case) -> dict:
            return {"headers": headers}

        def before_call(self, case) -> None:
            if not isinstance(case.body, dict):
                return
            # An id this scenario created came through a link and stays; a generated one is
            # replaced (whatever rows the database happens to hold: the same runs every time).
            for name, pk in seeds.items():
                value = case.body.get(name)
                if isinstance(value, int) and value not in self.created:
                    case.body[name] = pk
            if isinstance(case.body.get("organisations"), list):
                case.body["organisations"] = organisations
            for name in ("contacts", "trades"):
                if isinstance(case.body.get(name), list):
                    case.body[name] = []
            if case.method == "POST" and case.operation.path.endswith("/purchases/"):
                # Random text is seldom a SIRET with its check digit, nor a year of 1950–2074:
                # a new line is bought from the seeded provider, in a plausible year.
                case.body.update(supplier=seeds["supplier"], supplier_siret=siret, year=2025,
                                 date=None)  # fmt: skip

        def after_call(self, response, case) -> None:
            super().after_call(response, case)
            if response.status_code == 201:
                self.created.add(response.json()["id"])

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            key = (case.operation.label, str(response.status_code))
            seen[key] = seen.get(key, 0) + 1
            case.validate_response(
                response, checks=STATEFUL_CHECKS, recorder=self.recorder,
                transport_kwargs=kwargs or None,
            )  # fmt: skip

    Links.run(settings=SCENARIO_SETTINGS)
    followed = {label for (label, code) in seen if "{id}" in label and code.startswith("2")}
    # Creations succeed, and their links reach the new rows (edits, deletes, steps).
    assert sum(n for (label, code), n in seen.items() if code == "201") >= 10, seen
    assert len(followed) >= 3, seen
