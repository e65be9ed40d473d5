from django.urls import path

from authorities import follow_views

from . import authority_views as views
from . import national_views

app_name = "authorities"
urlpatterns = [
    path("", views.authority_list, name="list"),
    path("authorities/<slug:slug>/", views.authority_detail, name="detail"),
    path("authorities/<slug:slug>/compare/", national_views.authority_compare, name="authority-compare"),
    path("compare/", national_views.compare_authorities, name="compare"),
    path("overview/", national_views.national_overview_page, name="overview"),
    path("map/", national_views.england_map_page, name="map"),
    path("authorities/<slug:slug>/follow/", follow_views.authority_follow, name="follow"),
    path("following/", follow_views.following, name="following"),
]
