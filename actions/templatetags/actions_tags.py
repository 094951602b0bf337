"""Template helpers for action plans: an indicator's progress for its chart."""

from __future__ import annotations

from django import template

from actions.charts import Progress, indicator_progress
from actions.models import Indicator

register = template.Library()


@register.filter
def progress(indicator: Indicator) -> Progress:
    """Reads `indicator.measurements.all()`: prefetch them to keep the page's queries flat."""
    return indicator_progress(indicator, list(indicator.measurements.all()))
