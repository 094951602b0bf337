"""Writes on conventions: the lifecycle, renewal, amendments and versioned saves."""

from conventions.services.lifecycle import (
    TRANSITION_SERVICES,
    TRANSITIONS,
    Transition,
    available_transitions,
    convention_abandon,
    convention_activate,
    convention_expire,
    convention_negotiate,
    convention_redraft,
    convention_sign,
    convention_terminate,
    transition_refusal,
)
from conventions.services.renewal import (
    _add_months,
    amendment_create,
    convention_extend,
    convention_renew,
    conventions_advance,
)

# The versioned save lives in core; callers of this module still find it here.
from core.versioning import ConflictError, conflict_message, versioned_save

__all__ = [
    "TRANSITIONS",
    "TRANSITION_SERVICES",
    "ConflictError",
    "Transition",
    "_add_months",
    "amendment_create",
    "available_transitions",
    "conflict_message",
    "convention_abandon",
    "convention_activate",
    "convention_expire",
    "convention_extend",
    "convention_negotiate",
    "convention_redraft",
    "convention_renew",
    "convention_sign",
    "convention_terminate",
    "conventions_advance",
    "transition_refusal",
    "versioned_save",
]
