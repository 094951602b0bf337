from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, COLLABORATOR, COORDINATOR, EDIT, READ, RELATIONS_MANAGER


class PurchasesConfig(AppConfig):
    name = "purchases"
    verbose_name = _("Achats")
    # What each role may do with this app's models (core.roles): those who keep the
    # organisations keep their purchases; coordinators read them for their indicators.
    role_grants = {
        ADMINISTRATOR: EDIT,
        RELATIONS_MANAGER: EDIT,
        COORDINATOR: READ,
        COLLABORATOR: READ,
    }

    def ready(self) -> None:
        """What purchases adds to the others: every place it fills is listed here."""
        from pathlib import Path

        from core import registry
        from partners.import_kinds import ImportKind
        from partners.import_kinds import registry as import_kinds
        from purchases import importer, panels

        for order, (label, url_name, permission) in enumerate(
            [
                (_("Achats au secteur"), "purchase_list", "purchases.view_purchase"),
                (_("Importer des achats"), "purchase_import", "purchases.add_purchase"),
            ]
        ):
            registry.navigation.register(
                label,
                f"purchases:{url_name}",
                permission=permission,
                order=20 + order,
                group=_("Achats"),
            )
        # A buyer's page links to its purchasing page; a provider's shows what it sold.
        registry.panels.register(
            "partners.Organisation",
            "purchases/_organisation_purchases_panel.html",
            context=panels.organisation_purchases,
            slot="links",
            permission="purchases.view_purchase",
            anchor="achats",
            label=_("Achats"),
        )
        # A buyer's extract goes through partners' import: check, report, confirm, write.
        samples = Path(__file__).resolve().parent / "samples"
        import_kinds.register(
            ImportKind(
                name=importer.KIND,
                label=_("Des achats (extrait comptable ou de marchés d'un acheteur)"),
                subject_label=_("Achats"),
                columns=importer.COLUMNS,
                check=importer.check_purchases,
                write=importer.write_purchases,
                permission="purchases.add_purchase",
                result_url="purchases:purchase_list",
                result_label=_("Voir les achats"),
                samples=(samples / "achats.csv", samples / "achats.xlsx"),
                upload_url="purchases:purchase_import",
                upload_label=_("Importer les achats d'un acheteur choisi pour tout le fichier"),
                order=30,
            )
        )
        registry.history.register_restorable("purchases.purchase")
        # The API's resource (/api/v1/purchases/, with `by-year/`).
        from purchases.api import views as api

        registry.api.register("purchases", api.PurchaseViewSet, basename="purchase")
