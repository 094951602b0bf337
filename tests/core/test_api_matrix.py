"""Who writes what through the API: every write operation of the schema, for every role,
answers 403 exactly where the screens refuse that role. Nothing is written: creations are
sent empty (400 once allowed), operations on a row aim at no row (404 once allowed)."""

import pytest

pytestmark = pytest.mark.django_db

# The roles that write each resource on the screens: Administrateur, chargé·e de Relations,
# Coordinateur·rice, collaborateur·rice (K). A new resource with writes must be added here.
WRITERS = {
    "organisations": "AR",
    "contacts": "AR",
    "affiliations": "AR",
    "relationships": "AR",
    "journal": "AR",
    "programmes": "AR",
    "conventions": "AR",
    "parties": "AR",
    "axes": "AR",
    "articles": "AR",
    "purchases": "AR",
    "actions": "AC",
    "indicators": "AC",
    "measurements": "AC",
    # A collaborator adds tasks and changes their own (others' answer 404).
    "tasks": "ARCK",
}
WRITES = ("post", "put", "patch", "delete")
NO_ROW = "999999999"


def test_every_write_answers_403_exactly_to_the_roles_the_screens_refuse(
    client, api_client, administrator, relations_manager, coordinator, collaborator
):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    clients = {
        "A": api_client(administrator),
        "R": api_client(relations_manager),
        "C": api_client(coordinator),
        "K": api_client(collaborator),
    }
    checked = set()
    for path, operations in paths.items():
        resource = path.removeprefix("/api/v1/").split("/")[0]
        for method in set(operations) & set(WRITES):
            assert resource in WRITERS, f"{method.upper()} {path}: who may write it?"
            url = path.replace("{id}", NO_ROW)
            for role, api in clients.items():
                response = getattr(api, method)(url, {}, format="json", HTTP_IF_MATCH='"1"')
                allowed = role in WRITERS[resource]
                expected = ({400} if "{id}" not in path else {404}) if allowed else {403}
                assert response.status_code in expected, (role, method, path, response.json())
            checked.add((method, path))
    assert len(checked) > 50
