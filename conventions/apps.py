from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConventionsConfig(AppConfig):
    name = "conventions"
    verbose_name = _("Conventions")

    def ready(self) -> None:
        from conventions.models import Document
        from conventions.pdf import convention_pdf
        from core.registry import renderers

        # Documents are rendered through the registry, like those upper apps draw.
        renderers.register(Document.Kind.CONVENTION, convention_pdf)
