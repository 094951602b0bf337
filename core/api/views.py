"""What every resource's viewset shares: role permissions, versions and `If-Match`, 412."""

from __future__ import annotations

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.response import Response

from core import versioning
from core.api.exceptions import PreconditionRequired

STALE = OpenApiResponse(description="Version périmée : qui l'a modifié et quand.")
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="La version lue (l'en-tête ETag de la lecture), ou `version` dans le corps.",
)
WRITE_ERRORS = {
    400: OpenApiResponse(description="Saisie refusée : messages en français par champ."),
    404: OpenApiResponse(description="Introuvable ou hors de portée."),
}


def expected_version(request) -> int:
    """The version the caller read: `If-Match: "3"` (or `W/"3"`), else `version` in the body."""
    header = request.headers.get("If-Match", "").strip()
    raw = header.removeprefix("W/").strip('"') if header else None
    if raw is None and isinstance(request.data, dict):
        raw = request.data.get("version")
    if raw in (None, "", "*"):
        raise PreconditionRequired(
            _("Indiquez la version lue : en-tête If-Match ou champ « version ».")
        )
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({"version": [_("Version invalide.")]}) from None


def stale_response(instance) -> Response:
    last = versioning.last_change(instance)
    who = str(last.history_user) if last and last.history_user else ""
    when = timezone.localtime(last.history_date) if last else None
    body = {
        "detail": versioning.conflict_message(instance),
        "version": instance.version,
        "changed_by": who,
        "changed_at": when.isoformat() if when else None,
        "changed_at_display": formats.date_format(when, "d/m/Y H:i") if when else "",
    }
    return Response(body, status=status.HTTP_412_PRECONDITION_FAILED, headers=etag(instance))


def etag(instance) -> dict[str, str]:
    return {"ETag": f'"{instance.version}"'}


def _set_etag(response: Response, instance) -> None:
    response["ETag"] = etag(instance)["ETag"]


class ResourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read: list (cursor-paged, the screens' FilterSet) and detail."""

    # The keyset sort when the filters chose none (fields of an index, ending on the pk).
    keyset_ordering: list[str] | None = None

    def filter_queryset(self, queryset):
        # The list's filters only ("archived ones leave the list"): one object is read,
        # changed or moved along its lifecycle by its id.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)


class WritableViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ResourceViewSet):
    """Create too; updates of a versioned model need the version read (412 when stale)."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    versioned = True

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if self.versioned:
            _set_etag(response, self.get_object())
        return response

    def get_object(self):
        # Once per request: the update checks the version of the row it then saves.
        if not hasattr(self, "_object"):
            self._object = super().get_object()
        return self._object

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context.update(getattr(self, "_extra_context", {}))
        return context

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        if not self.versioned:
            return super().update(request, *args, **kwargs)
        expected = expected_version(request)
        if expected != instance.version:
            return stale_response(instance)
        self._extra_context = {"expected_version": expected}
        try:
            with transaction.atomic():
                response = super().update(request, *args, **kwargs)
        except versioning.ConflictError:
            instance.refresh_from_db()
            return stale_response(instance)
        _set_etag(response, instance)
        return response


def versioned_schema(serializer_class):
    """The schema of a versioned resource's writes: If-Match, 400, 404, 412, 428."""
    responses = {
        200: serializer_class,
        **WRITE_ERRORS,
        412: STALE,
        428: OpenApiResponse(description="Version absente : If-Match ou « version »."),
    }
    return extend_schema(parameters=[IF_MATCH], responses=responses)
