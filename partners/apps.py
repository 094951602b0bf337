from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, COLLABORATOR, COORDINATOR, EDIT, READ, RELATIONS_MANAGER


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partenaires")
    # What each role may do with this app's models (core.roles).
    role_grants = {
        ADMINISTRATOR: EDIT,
        RELATIONS_MANAGER: EDIT,
        COORDINATOR: READ,
        COLLABORATOR: READ,
    }
    # A contact's personal data leaves (access export) or goes (erasure) by these hands only.
    role_extra = {
        ADMINISTRATOR: ("export_personal_data", "erase_contact"),
        RELATIONS_MANAGER: ("export_personal_data", "erase_contact"),
    }
    # Jobs and merges are written by their services only; each user sees their own jobs.
    read_only_models = ("region", "department", "merge", "datajob")

    def ready(self) -> None:
        """What partners adds to core: its menu entries and the models one may restore."""
        from django.db.models.signals import post_delete, post_save

        from core import registry
        from core.cached import invalidate
        from partners import choices, privacy
        from partners.models import Department, Region, Trade

        # The lists' cached filter choices are renewed when a row behind them changes.
        for model, cached_name in [
            (Region, choices.TERRITORIES),
            (Department, choices.TERRITORIES),
            (Trade, choices.TERRITORIES),
        ]:
            for signal in (post_save, post_delete):
                signal.connect(
                    lambda sender, _name=cached_name, **kwargs: invalidate(_name),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"choices-{cached_name}-{model.__name__}-{signal}",
                )

        partners = _("Partenaires")
        for order, (label, url_name, permission) in enumerate(
            [
                (_("Organisations"), "organisation_list", "view_organisation"),
                (_("Contacts"), "contact_list", "view_contact"),
                (_("Journal des échanges"), "interaction_list", "view_interaction"),
                (_("Annuaire des prestataires"), "provider_list", "view_organisation"),
                (_("Importer un fichier"), "import_upload", "add_organisation"),
                # Every signed-in user has their own imports and exports.
                (_("Mes imports et exports"), "datajob_list", ""),
            ]
        ):
            registry.navigation.register(
                label,
                f"partners:{url_name}",
                permission=f"partners.{permission}" if permission else "",
                order=10 + order,
                group=partners,
            )
        # Where partners holds data about a contact (their export and erasure).
        privacy.register_sources()
        # An organisation's page shows its relationships, affiliations and journal too.
        from partners import history

        history.register()
        # The dashboard's first figures: the partners by kind.
        from partners import dashboard

        registry.panels.register(
            "core.dashboard",
            "partners/_dashboard_kinds.html",
            context=dashboard.partners_by_kind,
            order=3,
            permission="partners.view_organisation",
        )
        # The API's resources (/api/v1/).
        from partners.api import views as api

        registry.api.register("organisations", api.OrganisationViewSet, basename="organisation")
        registry.api.register("contacts", api.ContactViewSet, basename="contact")
        registry.api.register("affiliations", api.AffiliationViewSet, basename="affiliation")
        registry.api.register("relationships", api.RelationshipViewSet, basename="relationship")
        registry.api.register("journal", api.InteractionViewSet, basename="interaction")
        registry.history.register_restorable(
            "partners.organisation",
            "partners.contact",
            "partners.relationship",
            "partners.affiliation",
            "partners.interaction",
        )

        # Relation fields pick organisations, networks and contacts by autocomplete.
        from partners import sources

        for source in (sources.ORGANISATIONS, sources.NETWORKS, sources.CONTACTS):
            registry.autocompletes.register(source)

        # What the import accepts of partners' own; upper apps register theirs likewise.
        self.register_imports()
        # The lists one may export (partners/export_kinds.py); upper apps add theirs.
        from partners import exports

        exports.register_kinds()

    def register_imports(self) -> None:
        from pathlib import Path

        from partners import import_writer, importers
        from partners.import_kinds import ImportKind
        from partners.import_kinds import registry as import_kinds

        samples = Path(__file__).resolve().parent / "samples"
        for order, (name, label, subject, columns, check, write, model, result) in enumerate(
            [
                ("organisations", _("Des organisations"), _("Organisations"),
                 importers.ORGANISATION_COLUMNS, importers.check_organisations,
                 import_writer.write_organisations, "organisation", _("Voir les organisations")),
                ("contacts", _("Des contacts"), _("Contacts"), importers.CONTACT_COLUMNS,
                 importers.check_contacts, import_writer.write_contacts, "contact",
                 _("Voir les contacts")),
            ]
        ):  # fmt: skip
            import_kinds.register(
                ImportKind(
                    name=name, label=label, subject_label=subject, columns=columns, check=check,
                    write=write, permission=f"partners.add_{model}",
                    result_url=f"partners:{model}_list", result_label=result,
                    samples=(samples / f"{name}.csv", samples / f"{name}.xlsx"), order=10 + order,
                )
            )  # fmt: skip
