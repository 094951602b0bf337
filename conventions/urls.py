from django.urls import path

from conventions import views

app_name = "conventions"
urlpatterns = [
    path("", views.convention_list, name="convention_list"),
    path("nouvelle/", views.convention_create, name="convention_create"),
    path("<int:pk>/", views.convention_detail, name="convention_detail"),
    path("<int:pk>/modifier/", views.convention_update, name="convention_update"),
    path("<int:pk>/statut/<slug:name>/", views.convention_transition, name="convention_transition"),
    path("<int:pk>/avenant/", views.convention_amend, name="convention_amend"),
    path("<int:pk>/parties/ajouter/", views.party_create, name="party_create"),
    path("<int:pk>/parties/<int:party_pk>/modifier/", views.party_update, name="party_update"),
    path("<int:pk>/parties/<int:party_pk>/supprimer/", views.party_delete, name="party_delete"),
    path("<int:pk>/axes/ajouter/", views.axis_create, name="axis_create"),
    path("<int:pk>/axes/<int:axis_pk>/modifier/", views.axis_update, name="axis_update"),
    path("<int:pk>/axes/<int:axis_pk>/supprimer/", views.axis_delete, name="axis_delete"),
    path("<int:pk>/articles/ajouter/", views.clause_create, name="clause_create"),
    path("<int:pk>/articles/<int:clause_pk>/modifier/", views.clause_update, name="clause_update"),
    path("<int:pk>/articles/<int:clause_pk>/supprimer/", views.clause_delete, name="clause_delete"),
]
