"""The schema of every operation names the errors any of them may answer."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

ERROR = {
    "type": "object",
    "description": "« detail » : le message ; ou, par champ, la liste de ses messages.",
    "additionalProperties": True,
}
COMMON = {
    "400": "Requête refusée (filtre, curseur ou saisie invalide) : messages en français.",
    "401": "Jeton absent, invalide, expiré ou révoqué.",
    "403": "Votre rôle ne le permet pas.",
    "406": "Format de réponse non disponible.",
    "415": "Corps attendu en JSON.",
    "429": "Trop de requêtes pour ce jeton : réessayez plus tard.",
}
DETAIL = {"404": "Introuvable ou hors de votre portée."}
WRITE = {
    "409": "Conflit : l'élément est encore utilisé.",
    "412": "Version périmée : quelqu'un l'a modifié depuis votre lecture.",
    "428": "Version absente : en-tête If-Match ou champ « version ».",
}


class MaillageAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        extra = dict(COMMON)
        if "{" in self.path:
            extra.update(DETAIL)
        if self.method in ("PUT", "PATCH"):
            extra.update(WRITE)
        for code, description in extra.items():
            responses.setdefault(
                code,
                {"description": description, "content": {"application/json": {"schema": ERROR}}},
            )
        return responses


# What a creation's answer opens, for clients and for schemathesis's stateful runs.
METHODS = ("get", "put", "patch", "delete", "post")
NEW_ID = "$response.body#/id"


ETAG = "$response.header.ETag"


def _operations(paths: dict, prefix: str):
    """The operations on one row of a resource (read, edit, delete, its steps: `sign/`), each
    with whether it takes the version read (If-Match)."""
    detail = f"{prefix}{{id}}/"
    for path, operations in paths.items():
        if path.startswith(detail):
            for method, operation in operations.items():
                if method in METHODS:
                    versioned = any(
                        p.get("in") == "header" and p.get("name") == "If-Match"
                        for p in operation.get("parameters", [])
                    )
                    yield operation["operationId"], versioned


def _children() -> list[tuple[str, str, type]]:
    """(parent prefix, child prefix, parent field) of each resource created under another
    (a convention's party, a contact's role), from the registered viewsets."""
    from core import registry
    from core.api.serializers import ChildFormSerializer

    routes = registry.api.routes()
    by_model = {route.viewset.queryset.model: route.prefix for route in routes}
    found = []
    for route in routes:
        serializer = getattr(route.viewset, "serializer_class", None)
        if not (isinstance(serializer, type) and issubclass(serializer, ChildFormSerializer)):
            continue
        field = serializer.Meta.model._meta.get_field(serializer.parent_field)
        if field.related_model in by_model:
            found.append((by_model[field.related_model], route.prefix, serializer.parent_field))
    return found


def add_links(result: dict, generator, request, public) -> dict:
    """drf-spectacular's postprocessing hook: OpenAPI links from each creation (201) to what
    its new `id` opens: the row's operations, and the creation of the rows made under it."""
    paths = result["paths"]
    base = next((p for p in paths if p.endswith("/")), "/").split("v1/")[0] + "v1/"
    links: dict[str, dict] = {}
    for path, operations in paths.items():
        create = operations.get("post")
        if create is None or "{" in path or "201" not in create["responses"]:
            continue
        links[path] = {}
        for operation_id, versioned in _operations(paths, path):
            parameters = {"id": NEW_ID}
            if versioned:
                # The creation's ETag is the version an edit starts from.
                parameters["header.If-Match"] = ETAG
                create["responses"]["201"].setdefault("headers", {})["ETag"] = {
                    "schema": {"type": "string"},
                    "description": "La version créée, à renvoyer dans If-Match.",
                }
            links[path][operation_id] = {"operationId": operation_id, "parameters": parameters}
    for parent, child, field in _children():
        parent_path, child_path = f"{base}{parent}/", f"{base}{child}/"
        if parent_path in links and child_path in links:
            operation_id = paths[child_path]["post"]["operationId"]
            links[parent_path][operation_id] = {
                "operationId": operation_id,
                "requestBody": {field: NEW_ID},
                "description": f"Créer sous cet élément (« {field} »).",
            }
    for path, path_links in links.items():
        if path_links:
            paths[path]["post"]["responses"]["201"]["links"] = path_links
    return result
