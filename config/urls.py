from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView

from core.api.docs import RedocView, SwaggerView
from core.forms import LoginForm

admin.site.site_header = _("Maillage — administration")
admin.site.site_title = _("Maillage")
admin.site.index_title = _("Back-office")

urlpatterns = [
    path("", include("core.urls")),
    path("partenaires/", include("partners.urls")),
    path("achats/", include("purchases.urls")),
    path("conventions/", include("conventions.urls")),
    path("actions/", include("actions.urls")),
    path("taches/", include("tasks.urls")),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=LoginForm
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("core.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/redoc/", RedocView.as_view(url_name="api_schema"), name="api_redoc"),
]

# Uploaded files (signed scans, batches, import files) are never served from /media/, not even
# by `make run`: each goes out through its view, which checks who asks.
