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
