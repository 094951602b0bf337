"""The action plan's resources: the screens' list filters, form, close service, measures."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from actions import services
from actions.api.serializers import ActionSerializer, IndicatorSerializer, MeasurementSerializer
from actions.forms import ActionFilterForm
from actions.models import Action, Indicator, Measurement
from actions.views import filter_actions
from core.api.filters import FormFilterBackend
from core.api.views import WRITE_ERRORS, DeletableViewSet, WritableViewSet, versioned_schema


@extend_schema_view(
    create=extend_schema(responses={201: ActionSerializer, **WRITE_ERRORS}),
    update=versioned_schema(ActionSerializer),
    partial_update=versioned_schema(ActionSerializer),
)
class ActionViewSet(WritableViewSet):
    """Les actions du plan annexé aux conventions."""

    queryset = Action.objects.select_related("convention")
    serializer_class = ActionSerializer
    filter_backends = [FormFilterBackend]
    filter_form_class = ActionFilterForm
    permissions_by_action = {"close": ("actions.change_action",)}

    def filter_list(self, queryset, data, user):
        return filter_actions(queryset, data, user)

    @extend_schema(request=None, responses={200: ActionSerializer, **WRITE_ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Marquer réalisée aujourd'hui, à 100 %."""
        closed = services.action_close(action=self.get_object(), by=request.user)
        return Response(self.get_serializer(closed).data)


@extend_schema_view(
    create=extend_schema(responses={201: IndicatorSerializer, **WRITE_ERRORS}),
    update=versioned_schema(IndicatorSerializer),
    partial_update=versioned_schema(IndicatorSerializer),
)
class IndicatorViewSet(WritableViewSet):
    """Les indicateurs des conventions et des actions (`?convention=<id>`) ; créés sous leur
    convention, qui ne change plus ensuite."""

    queryset = Indicator.objects.select_related("convention")
    serializer_class = IndicatorSerializer
    keyset_ordering = ["convention", "order", "pk"]
    filterset_fields = ["convention", "action"]


@extend_schema_view(
    create=extend_schema(responses={201: MeasurementSerializer, **WRITE_ERRORS}),
    update=versioned_schema(MeasurementSerializer),
    partial_update=versioned_schema(MeasurementSerializer),
)
class MeasurementViewSet(DeletableViewSet):
    """Les mesures des indicateurs (`?indicator=<id>`) ; une par date et indicateur. Une mesure
    se corrige ou se supprime ; l'historique garde la valeur et son auteur."""

    queryset = Measurement.objects.select_related("indicator")
    serializer_class = MeasurementSerializer
    keyset_ordering = ["indicator", "-measured_on", "-pk"]
    filterset_fields = ["indicator"]
    delete_reason = _("Mesure supprimée")
