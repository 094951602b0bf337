"""The annexed action plan of a convention: actions, indicators, measurements."""

from actions.models.actions import (
    Action,
    ActionComment,
    ActionQuerySet,
    average_progress,
    whole_percent,
)
from actions.models.indicators import Indicator, Measurement

__all__ = [
    "Action",
    "ActionComment",
    "ActionQuerySet",
    "Indicator",
    "Measurement",
    "average_progress",
    "whole_percent",
]
