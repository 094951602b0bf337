"""Signals conventions sends so upper apps act on its events; each is connected in their apps.py."""

from django.dispatch import Signal

# Sent by `convention_renew` inside its transaction, once the successor holds its copied
# parties and axes, so that upper apps carry over what they keep for a convention (the open
# actions). Keyword arguments: predecessor, successor, parties and axes (old pk -> the copy),
# by (the user), reason (the history change reason).
convention_renewed = Signal()
