from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("events/<int:pk>/", views.event_detail, name="event"),
]
