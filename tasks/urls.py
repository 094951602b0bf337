from django.urls import path

from tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("export/<str:fmt>/", views.task_export, name="task_export"),
    path("nouvelle/", views.task_create, name="task_create"),
    path("<int:pk>/", views.task_detail, name="task_detail"),
    path("<int:pk>/modifier/", views.task_update, name="task_update"),
    path("<int:pk>/faite/", views.task_complete, name="task_complete"),
    path("<int:pk>/rouvrir/", views.task_reopen, name="task_reopen"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/tout-lu/", views.notification_read_all, name="notification_read_all"),
    path("preferences/", views.preference_update, name="preference_update"),
    path("preferences/calendrier/", views.preference_ics_renew, name="preference_ics_renew"),
    path(
        "preferences/calendrier/revoquer/",
        views.preference_ics_revoke,
        name="preference_ics_revoke",
    ),
    path("calendrier/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("rappels/echecs/", views.reminder_failed_list, name="reminder_failed_list"),
    path("rappels/<int:pk>/renvoyer/", views.reminder_retry, name="reminder_retry"),
]
