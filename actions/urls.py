from django.urls import path

from actions import views

app_name = "actions"
urlpatterns = [
    path("", views.action_list, name="action_list"),
    path("export/<str:fmt>/", views.action_export, name="action_export"),
    path("convention/<int:convention_pk>/ajouter/", views.action_create, name="action_create"),
    path("<int:pk>/", views.action_detail, name="action_detail"),
    path("<int:pk>/modifier/", views.action_update, name="action_update"),
    path("<int:pk>/realisee/", views.action_close, name="action_close"),
    path("<int:pk>/deplacer/<slug:direction>/", views.action_move, name="action_move"),
    path(
        "<int:pk>/commentaires/ajouter/",
        views.actioncomment_create,
        name="actioncomment_create",
    ),
    path(
        "indicateurs/convention/<int:convention_pk>/ajouter/",
        views.indicator_create,
        name="indicator_create",
    ),
    path("indicateurs/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicateurs/<int:pk>/modifier/", views.indicator_update, name="indicator_update"),
    path(
        "indicateurs/<int:pk>/mesures/ajouter/",
        views.measurement_create,
        name="measurement_create",
    ),
    path("mesures/<int:pk>/corriger/", views.measurement_update, name="measurement_update"),
    path("mesures/<int:pk>/supprimer/", views.measurement_delete, name="measurement_delete"),
]
