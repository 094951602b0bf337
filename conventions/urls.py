from django.urls import path

from conventions import document_views, programme_views, views

app_name = "conventions"
urlpatterns = [
    path("", views.convention_list, name="convention_list"),
    path("export/<str:fmt>/", views.convention_export, name="convention_export"),
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
    path("programmes/", programme_views.programme_list, name="programme_list"),
    path("programmes/nouveau/", programme_views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programme_views.programme_detail, name="programme_detail"),
    path(
        "programmes/<int:pk>/modifier/", programme_views.programme_update, name="programme_update"
    ),
    # Documents of one convention (issue 6).
    path("<int:pk>/documents/", document_views.document_list, name="document_list"),
    path("<int:pk>/documents/convention.pdf", document_views.convention_pdf, name="convention_pdf"),
    path(
        "<int:pk>/documents/rapport-comite.pdf",
        document_views.committee_report_pdf,
        name="committee_report_pdf",
    ),
    path("<int:pk>/documents/scan-signe/", document_views.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/telecharger/",
        document_views.document_download,
        name="document_download",
    ),
    # Batches of committee reports.
    path("rapports/lots/", document_views.report_batch_create, name="report_batch_create"),
    path("rapports/lots/<int:pk>/", document_views.report_batch_detail, name="report_batch_detail"),
    path(
        "rapports/lots/<int:pk>/telecharger/",
        document_views.report_batch_download,
        name="report_batch_download",
    ),
    # A tab of the convention workspace (conventions/workspace.py), after every fixed route.
    path("<int:pk>/<slug:section>/", views.convention_section, name="convention_section"),
]
