from django.urls import path

app_name = "authorities"
urlpatterns: list = []
