"""`Authorization: Token <prefix>.<secret>` for integrations; the session for the browsable API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core.api.tokens import token_check


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("En-tête Authorization mal formé."))
        try:
            text = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Jeton invalide.")) from None
        token = token_check(text)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Jeton invalide, expiré ou révoqué."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "core.api.authentication.TokenAuthentication"
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "« Token <jeton> » : un jeton créé sur la page « Jetons d'API ».",
        }
