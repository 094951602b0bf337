from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, COLLABORATOR, COORDINATOR, EDIT, READ, RELATIONS_MANAGER


class ConventionsConfig(AppConfig):
    name = "conventions"
    verbose_name = _("Conventions")
    # What each role may do with this app's models (core.roles).
    role_grants = {
        ADMINISTRATOR: EDIT,
        RELATIONS_MANAGER: EDIT,
        COORDINATOR: READ,
        COLLABORATOR: READ,
    }
    read_only_models = ("referencecounter",)

    def ready(self) -> None:
        """What conventions adds to the others: every place it fills is listed here."""
        from django.db.models.signals import post_delete, post_save, pre_delete

        from conventions.forms import PROGRAMMES
        from conventions.models import Programme
        from core.cached import invalidate

        # The list's cached programme choices are renewed when a programme changes.
        for signal in (post_save, post_delete):
            signal.connect(
                lambda sender, **kwargs: invalidate(PROGRAMMES),
                sender=Programme,
                weak=False,
                dispatch_uid=f"choices-programmes-{signal}",
            )

        from conventions import panels, privacy
        from conventions.models import Axis, Clause, Convention, Document, Party
        from conventions.models.conventions import refuse_signed_delete
        from conventions.models.documents import refuse_frozen_delete
        from conventions.models.locks import refuse_locked_delete
        from conventions.pdf import convention_pdf
        from core import registry

        # Evidence: signed conventions and frozen documents are never deleted, cascades too.
        pre_delete.connect(refuse_signed_delete, sender=Convention, dispatch_uid="conv.signed")
        # A signed convention's parties, axes and articles stay: an amendment changes them.
        for model in (Party, Axis, Clause):
            pre_delete.connect(
                refuse_locked_delete, sender=model, dispatch_uid=f"conv.locked.{model.__name__}"
            )
        pre_delete.connect(refuse_frozen_delete, sender=Document, dispatch_uid="conv.frozen")

        # The list's search column follows the parties and their organisations.
        from conventions.models.search import search_text_refresh
        from partners.models import Organisation

        def party_changed(sender: type, instance: Party, **kwargs: object) -> None:
            search_text_refresh([instance.convention_id])

        def organisation_changed(sender: type, instance: Organisation, **kwargs: object) -> None:
            if kwargs.get("created"):
                return
            parties = Party.objects.filter(organisation_id=instance.pk)
            search_text_refresh(list(parties.values_list("convention_id", flat=True)))

        for signal in (post_save, post_delete):
            signal.connect(
                party_changed, sender=Party, weak=False, dispatch_uid=f"conv.search.{signal}"
            )
        post_save.connect(
            organisation_changed, sender=Organisation, weak=False, dispatch_uid="conv.search.org"
        )

        # Documents are rendered through the registry, like those upper apps draw.
        registry.renderers.register(Document.Kind.CONVENTION, convention_pdf)

        from conventions.document_views import can_generate_reports

        for order, (label, url_name, permission) in enumerate(
            [
                (_("Conventions"), "convention_list", "conventions.view_convention"),
                (_("Programmes"), "programme_list", "conventions.view_programme"),
                (_("Rapports de comité par lots"), "report_batch_create", can_generate_reports),
            ]
        ):
            registry.navigation.register(
                label,
                f"conventions:{url_name}",
                permission=permission,
                order=30 + order,
                group=_("Conventions"),
            )
        registry.panels.register(
            "partners.Organisation",
            "conventions/_organisation_conventions_panel.html",
            context=panels.organisation_conventions,
            slot="links",
            permission="conventions.view_convention",
            anchor="conventions",
            label=_("Conventions"),
        )
        for order, template, context in (
            (4, "conventions/_dashboard_figures.html", panels.convention_figures),
            (30, "conventions/_dashboard_to_renew.html", panels.to_renew),
            (40, "conventions/_dashboard_recent_changes.html", panels.recent_changes),
            (50, "conventions/_dashboard_status_counts.html", panels.status_counts),
        ):
            registry.panels.register("core.dashboard", template, context=context, order=order)
        # The API's resources (/api/v1/).
        from conventions.api import views as api

        registry.api.register("conventions", api.ConventionViewSet, basename="convention")
        registry.api.register("programmes", api.ProgrammeViewSet, basename="programme")
        registry.api.register("parties", api.PartyViewSet, basename="party")
        registry.api.register("axes", api.AxisViewSet, basename="axis")
        registry.api.register("articles", api.ClauseViewSet, basename="clause")
        registry.history.register_source(panels.convention_changes)
        # A contact's signatures, in their export; a signed convention keeps their name.
        privacy.register_sources()
        # A convention's "Historique" shows its parties, axes and articles too.
        from conventions import history

        history.register()
        registry.history.register_restorable(
            "conventions.convention",
            "conventions.party",
            "conventions.axis",
            "conventions.clause",
            "conventions.programme",
        )

        # The workspace's own tabs: summary, parties, text, documents, history.
        from conventions import document_views, workspace

        workspace.register(documents_context=document_views.documents_context)

        # Relation fields pick conventions and programmes by autocomplete.
        from conventions import sources

        registry.autocompletes.register(sources.CONVENTIONS)
        registry.autocompletes.register(sources.PROGRAMMES)

        # The list, exported as CSV or XLSX like partners' lists (by a job past a bound).
        from conventions import exports
        from partners.export_kinds import registry as export_kinds

        export_kinds.register(exports.KIND)
