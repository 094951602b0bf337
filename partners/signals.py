"""Signals partners sends for upper apps to act on; receivers are connected in their `apps.py`."""

from django.dispatch import Signal

# Sent inside the journal entry's transaction when the user asked for a follow-up, with
# `interaction`, `by`, `organisation` (the first one) and `follow_up` (title, due_on, assignee).
# A receiver that creates the follow-up returns it; one that refuses raises ValidationError,
# and the journal entry is not written either.
follow_up_requested = Signal()

# The capability an upper app registers (core.registry.capabilities) to offer a follow-up.
FOLLOW_UP = "partners.interaction_follow_up"
