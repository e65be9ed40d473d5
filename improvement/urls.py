from django.urls import path

from . import views

app_name = "improvement"
urlpatterns = [
    path("authorities/<slug:slug>/improvement/", views.authority_improvement, name="authority"),
    path("authorities/<slug:slug>/improvement/tag-again/", views.authority_retag, name="authority-retag"),
    path("events/<int:pk>/plan/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action-progress"),
    path("progress/<int:pk>/edit/", views.progress_edit, name="progress-edit"),
    path("events/<int:pk>/themes/", views.event_themes, name="event-themes"),
    path("events/<int:pk>/themes/add/", views.tag_add, name="tag-add"),
    path("events/<int:pk>/themes/tag-again/", views.event_retag, name="event-retag"),
    path("theme-tags/<int:pk>/remove/", views.tag_remove, name="tag-remove"),
    path("theme-tags/<int:pk>/restore/", views.tag_restore, name="tag-restore"),
]
