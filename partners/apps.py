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
    # Jobs are written by their services only; each user sees their own.
    read_only_models = ("region", "department", "datajob")

    def ready(self) -> None:
        """What partners adds to core: its menu entries and the models one may restore."""
        from django.db.models.signals import post_delete, post_save

        from core import registry
        from core.cached import invalidate
        from partners import choices
        from partners.models import Department, Organisation, Region, Trade

        # The lists' cached filter choices are renewed when a row behind them changes.
        for model, cached_name in [
            (Region, choices.TERRITORIES),
            (Department, choices.TERRITORIES),
            (Trade, choices.TERRITORIES),
            (Organisation, choices.NETWORKS),
        ]:
            for signal in (post_save, post_delete):
                signal.connect(
                    lambda sender, _name=cached_name, **kwargs: invalidate(_name),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"choices-{cached_name}-{model.__name__}-{signal}",
                )

        registry.navigation.register(
            _("Organisations"),
            "partners:organisation_list",
            permission="partners.view_organisation",
            order=10,
        )
        registry.navigation.register(
            _("Contacts"), "partners:contact_list", permission="partners.view_contact", order=20
        )
        registry.history.register_restorable(
            "partners.organisation",
            "partners.contact",
            "partners.relationship",
            "partners.affiliation",
            "partners.interaction",
        )
