from django.urls import include, path

from . import ofsted_views, views

app_name = "inspections"

document_urls = [
    path("", views.document_detail, name="document"),
    path("status/", views.document_status, name="document-status"),
    path("reparse/", views.document_reparse, name="document-reparse"),
    path("file/", views.document_file, name="document-file"),
    path("remove/", views.document_remove, name="document-remove"),
    path("pages/<int:page>.png", views.document_page, name="document-page"),
]

urlpatterns = [
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("search/", views.search, name="search"),
    path("upload/", views.upload, name="upload"),
    path("documents/", views.document_list, name="documents"),
    path("documents/from-ofsted/", ofsted_views.ofsted_new, name="ofsted-new"),
    path("documents/<int:pk>/", include(document_urls)),
    path("disagreements/", views.disagreement_list, name="disagreements"),
    path("disagreements/<int:pk>/settle/", views.disagreement_settle, name="disagreement-settle"),
]
