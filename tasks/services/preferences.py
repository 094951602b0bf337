"""Each user's preferences: the digest time, and the secret address of their calendar."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from tasks.models import Preference

User = get_user_model()


def preference_for(user: User) -> Preference:
    preference, _created = Preference.objects.get_or_create(user=user)
    return preference


def ics_token_renew(*, user: User) -> Preference:
    """A new secret calendar address; the old one stops working at once."""
    preference = preference_for(user)
    preference.ics_token = secrets.token_urlsafe(32)
    preference._history_user, preference._change_reason = user, _("Nouveau lien de calendrier")
    preference.save()
    return preference


def ics_token_revoke(*, user: User) -> Preference:
    preference = preference_for(user)
    preference.ics_token = ""
    preference._history_user, preference._change_reason = user, _("Lien de calendrier révoqué")
    preference.save()
    return preference
