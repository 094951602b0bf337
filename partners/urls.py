from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/export/<str:fmt>/", views.organisation_export, name="organisation_export"),
    path("organisations/nouvelle/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/modifier/", views.organisation_update, name="organisation_update"),
    path(
        "organisations/<int:pk>/archiver/", views.organisation_archive, name="organisation_archive"
    ),
    path(
        "organisations/<int:pk>/desarchiver/",
        views.organisation_unarchive,
        name="organisation_unarchive",
    ),
    path(
        "organisations/<int:pk>/relations/nouvelle/",
        views.relationship_create,
        name="relationship_create",
    ),
    path("relations/<int:pk>/terminer/", views.relationship_end, name="relationship_end"),
    path("organisations/<int:pk>/fusionner/", views.organisation_merge, name="organisation_merge"),
    path("contacts/<int:pk>/fusionner/", views.contact_merge, name="contact_merge"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/export/<str:fmt>/", views.contact_export, name="contact_export"),
    path("contacts/nouveau/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/modifier/", views.contact_update, name="contact_update"),
    path(
        "contacts/<int:pk>/donnees/<str:fmt>/",
        views.contact_data_export,
        name="contact_data_export",
    ),
    path("contacts/<int:pk>/effacer/", views.contact_erase, name="contact_erase"),
    path("desinscription/<str:token>/", views.contact_unsubscribe, name="contact_unsubscribe"),
    path(
        "contacts/<int:pk>/fonctions/nouvelle/",
        views.affiliation_create,
        name="affiliation_create",
    ),
    path("fonctions/<int:pk>/modifier/", views.affiliation_update, name="affiliation_update"),
    path("journal/", views.interaction_list, name="interaction_list"),
    path("journal/export/<str:fmt>/", views.interaction_export, name="interaction_export"),
    path("journal/nouveau/", views.interaction_create, name="interaction_create"),
    path("journal/<int:pk>/corriger/", views.interaction_update, name="interaction_update"),
    path("journal/<int:pk>/supprimer/", views.interaction_delete, name="interaction_delete"),
    path("prestataires/", views.provider_list, name="provider_list"),
    path("prestataires/export/<str:fmt>/", views.provider_export, name="provider_export"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/exemples/<str:name>/", views.import_sample, name="import_sample"),
    # Imports and exports run as jobs: each user's list, a job's page, its confirmation, its file.
    path("travaux/", views.datajob_list, name="datajob_list"),
    path("travaux/<int:pk>/", views.datajob_detail, name="datajob_detail"),
    path("travaux/<int:pk>/confirmer/", views.datajob_confirm, name="datajob_confirm"),
    path("travaux/<int:pk>/fichier/", views.datajob_download, name="datajob_download"),
]
