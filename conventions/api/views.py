"""The convention resources; lifecycle steps are actions calling the screens' services."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from conventions import services
from conventions.api.serializers import (
    AxisSerializer,
    ClauseSerializer,
    ConventionSerializer,
    PartySerializer,
    ProgrammeSerializer,
    TerminateSerializer,
)
from conventions.forms import ConventionFilterForm, TerminateForm
from conventions.models import Axis, Clause, Convention, Party, Programme
from conventions.views import PARTIES, filter_conventions
from core.api.filters import FormFilterBackend
from core.api.serializers import form_errors
from core.api.views import WRITE_ERRORS, DeletableViewSet, WritableViewSet, versioned_schema

CHANGE = ("conventions.change_convention",)
STEP = {
    200: ConventionSerializer,
    **WRITE_ERRORS,
    400: OpenApiResponse(description="Étape refusée : la raison, en français."),
}


def _step(name: str, doc: str):
    """A lifecycle step without input: POST …/conventions/{id}/<name>/."""

    def step(self, request, pk=None):
        convention = services.TRANSITION_SERVICES[name](
            convention=self.get_object(), by=request.user
        )
        return Response(self.get_serializer(convention).data)

    # Named before `action` reads the name: it makes the URL and its name from it.
    step.__name__ = step.__qualname__ = name
    step.__doc__ = doc
    return extend_schema(request=None, responses=STEP)(action(detail=True, methods=["post"])(step))


CONVENTION_EXAMPLE = OpenApiExample(
    "Partenariat",
    value={
        "title": "Convention de partenariat pour les achats responsables",
        "kind": "partnership",
        "purpose": "Développer les achats auprès des ESAT et EA du territoire.",
        "starts_on": "2026-01-01",
        "ends_on": "2028-12-31",
        "tacit_renewal": False,
    },
    request_only=True,
)


@extend_schema_view(
    create=extend_schema(
        examples=[CONVENTION_EXAMPLE], responses={201: ConventionSerializer, **WRITE_ERRORS}
    ),
    update=versioned_schema(ConventionSerializer),
    partial_update=versioned_schema(ConventionSerializer),
)
class ConventionViewSet(WritableViewSet):
    """Les conventions ; le statut ne change que par les étapes (`sign/`, `terminate/`…)."""

    queryset = Convention.objects.select_related("programme", "owner").prefetch_related(
        Prefetch("parties", queryset=PARTIES)
    )
    serializer_class = ConventionSerializer
    filter_backends = [FormFilterBackend]
    filter_form_class = ConventionFilterForm
    permissions_by_action = {
        name: CHANGE for name in ("negotiate", "sign", "activate", "expire", "terminate")
    } | {"renew": CHANGE}

    def filter_list(self, queryset, data, user):
        return filter_conventions(queryset, data, user)

    negotiate = _step("negotiate", "Passer en négociation.")
    sign = _step("sign", "Enregistrer la signature (toutes les parties signataires ont signé).")
    activate = _step("activate", "Mettre en vigueur.")
    expire = _step("expire", "Constater l'échéance.")

    @extend_schema(
        request=TerminateSerializer,
        responses=STEP,
        examples=[
            OpenApiExample(
                "Résiliation",
                value={"terminated_on": "2026-06-30", "reason": "Fin du programme régional."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        """Résilier : date et motif."""
        convention = self.get_object()
        form = TerminateForm(request.data if isinstance(request.data, dict) else {})
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        convention = services.convention_terminate(
            convention=convention, by=request.user, **form.cleaned_data
        )
        return Response(self.get_serializer(convention).data)

    @extend_schema(request=None, responses=STEP)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        """Renouveler : la réponse est la convention qui lui succède (brouillon)."""
        successor = services.convention_renew(convention=self.get_object(), by=request.user)
        return Response(self.get_serializer(successor).data)


def _edits(serializer_class):
    """The schema of a resource's creation and edits."""
    return extend_schema_view(
        create=extend_schema(responses={201: serializer_class, **WRITE_ERRORS}),
        update=versioned_schema(serializer_class),
        partial_update=versioned_schema(serializer_class),
    )


@_edits(ProgrammeSerializer)
class ProgrammeViewSet(WritableViewSet):
    """Les programmes qui regroupent plusieurs conventions bilatérales."""

    queryset = Programme.objects.all()
    serializer_class = ProgrammeSerializer
    keyset_ordering = ["name", "pk"]


class ConventionTextViewSet(DeletableViewSet):
    """A part of a convention's text: its convention read with it, for the signature lock."""

    keyset_ordering = ["convention", "pk"]
    filterset_fields = ["convention"]

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if self.action == "list" else queryset.select_related("convention")


@_edits(PartySerializer)
class PartyViewSet(ConventionTextViewSet):
    """Les parties des conventions (`?convention=<id>`), avec leurs signatures. Une convention
    signée ne change plus ses parties : il faut un avenant."""

    queryset = Party.objects.all()
    serializer_class = PartySerializer
    keyset_ordering = ["convention", "order", "pk"]
    filterset_fields = ["convention", "organisation", "role"]


@_edits(AxisSerializer)
class AxisViewSet(ConventionTextViewSet):
    """Les axes numérotés des conventions (`?convention=<id>`) ; figés une fois signée."""

    queryset = Axis.objects.all()
    serializer_class = AxisSerializer
    keyset_ordering = ["convention", "number", "pk"]


@_edits(ClauseSerializer)
class ClauseViewSet(ConventionTextViewSet):
    """Les articles des conventions (`?convention=<id>`) ; figés une fois signée."""

    queryset = Clause.objects.all()
    serializer_class = ClauseSerializer
    keyset_ordering = ["convention", "number", "pk"]
