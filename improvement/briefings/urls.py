from django.urls import path

from . import export_views as views

app_name = "exports"

urlpatterns = [
    path("authorities/<slug:slug>/briefing/", views.briefing, name="briefing"),
    path("authorities/<slug:slug>/briefing/preview/", views.briefing_preview, name="briefing-preview"),
    path("exports/<int:pk>/status/", views.export_status, name="status"),
    path("exports/<int:pk>/download/", views.export_download, name="download"),
    path("exports/<int:pk>/retry/", views.export_retry, name="retry"),
    path("export/", views.data_downloads, name="data"),
    path("export/latest.csv", views.latest_csv, name="latest-csv"),
    path("export/latest.xlsx", views.latest_xlsx, name="latest-xlsx"),
    path("export/history.csv", views.history_csv, name="history-csv"),
    path("export/history.xlsx", views.history_xlsx, name="history-xlsx"),
]
