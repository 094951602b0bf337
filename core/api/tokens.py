"""Personal API tokens: created and revoked by their holder, stored as a SHA-256 digest.

A token reads `<prefix>.<secret>`; the prefix finds the row through its unique index, the
digest of the whole string proves it. 32 random bytes make a slow hash pointless (the same
reasoning as django-rest-knox, which stores a SHA-512 digest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import ApiToken, User

PREFIX_LENGTH = 8
# A use is recorded at most this often: a busy integration does not write on every call.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`; the clear text is returned once and never stored."""
    days = days or settings.API_TOKEN_DAYS
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("Entre 1 et %(max)d jours.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    text = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name.strip() or _("Jeton"),
        prefix=prefix,
        digest=_digest(text),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, text


def token_revoke(*, token: ApiToken) -> None:
    token.delete()


def token_check(text: str) -> ApiToken | None:
    """The live token `text` stands for, its last use recorded; None when unknown or expired."""
    prefix, _dot, rest = text.partition(".")
    if len(prefix) != PREFIX_LENGTH or not rest:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(text)):
        return None
    now = timezone.now()
    if token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
