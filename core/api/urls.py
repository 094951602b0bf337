"""/api/v1/: the resources every app registered (`registry.api`), at the router's root."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from core import registry


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    for route in registry.api.routes():
        router.register(route.prefix, route.viewset, basename=route.basename)
    return router


app_name = "api"
urlpatterns = build_router().urls
