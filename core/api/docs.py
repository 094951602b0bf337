"""Swagger UI and Redoc from the vendored drf-spectacular-sidecar files.

No script runs inline (Swagger UI's start-up is a separate file, `?script`); both pages draw
their styles at run time (style attributes, styled-components), so these two pages only let
inline styles through, and Redoc its search worker (a blob: URL).
"""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

STYLES = {"style-src": [UNSAFE_INLINE]}


@method_decorator(csp_update(STYLES), name="get")
class SwaggerView(SpectacularSwaggerSplitView):
    pass


@method_decorator(csp_update({**STYLES, "worker-src": [SELF, "blob:"]}), name="get")
class RedocView(SpectacularRedocView):
    pass
