from django.urls import path

from . import views

app_name = "briefings"

urlpatterns = [
    path("authorities/<slug:slug>/briefing/", views.briefing, name="briefing"),
    path("authorities/<slug:slug>/briefing/preview/", views.briefing_preview, name="briefing-preview"),
    path("exports/<int:pk>/status/", views.export_status, name="status"),
    path("exports/<int:pk>/download/", views.export_download, name="download"),
    path("exports/<int:pk>/retry/", views.export_retry, name="retry"),
]
