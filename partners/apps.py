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
    read_only_models = ("region", "department")

    def ready(self) -> None:
        """What partners adds to core: its menu entries and the models one may restore."""
        from core import registry

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
