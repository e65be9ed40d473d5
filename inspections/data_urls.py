from django.urls import path

from . import data_views as views

app_name = "data"

urlpatterns = [
    path("export/", views.data_downloads, name="downloads"),
    path("export/latest.csv", views.latest_csv, name="latest-csv"),
    path("export/latest.xlsx", views.latest_xlsx, name="latest-xlsx"),
    path("export/history.csv", views.history_csv, name="history-csv"),
    path("export/history.xlsx", views.history_xlsx, name="history-xlsx"),
]
