from django.urls import path

from core import views
from core.api import account

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("compte/jetons/", account.token_list, name="token_list"),
    path("compte/jetons/<int:pk>/revoquer/", account.token_revoke, name="token_revoke"),
    path("historique/<str:label>/<int:pk>/", views.history_list, name="history_list"),
    path("autocompletion/<slug:source>/", views.autocomplete, name="autocomplete"),
    path(
        "historique/<str:label>/<int:pk>/<int:history_id>/restaurer/",
        views.history_restore,
        name="history_restore",
    ),
]
