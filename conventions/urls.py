from django.urls import path

from conventions import document_views

app_name = "conventions"
urlpatterns: list = [
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
]
