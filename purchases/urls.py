from django.urls import path

from purchases import views

app_name = "purchases"
urlpatterns = [
    path("", views.purchase_list, name="purchase_list"),
    path("nouveau/", views.purchase_create, name="purchase_create"),
    path("<int:pk>/modifier/", views.purchase_update, name="purchase_update"),
    path("<int:pk>/supprimer/", views.purchase_delete, name="purchase_delete"),
    path("import/", views.purchase_import, name="purchase_import"),
    path("acheteurs/<int:pk>/", views.buyer_purchases, name="buyer_purchases"),
    path("acheteurs/<int:pk>/oeth/", views.buyer_oeth, name="buyer_oeth"),
    path("prestataires/<int:pk>/", views.provider_sales, name="provider_sales"),
    path(
        "prestataires/<int:pk>/attestation-oeth/<int:buyer_pk>/<int:year>/",
        views.attestation_download,
        name="attestation_download",
    ),
    path("reseaux/<int:pk>/", views.network_sales, name="network_sales"),
    path(
        "prestataires/<int:pk>/export.csv",
        views.provider_sales_export,
        name="provider_sales_export",
    ),
    path("reseaux/<int:pk>/export.csv", views.network_sales_export, name="network_sales_export"),
    path(
        "acheteurs/<int:pk>/export.csv",
        views.buyer_purchases_export,
        name="buyer_purchases_export",
    ),
]
