from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

# Only the sign-in pages: no password reset by email (the only email sent tells followers of new documents);
# administrators set passwords in the admin.
auth_urls = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(auth_urls)),
    path("", include("inspections.authority_urls")),
    path("", include("inspections.urls")),
    path("", include("improvement.urls")),
    path("", include("improvement.briefings.urls")),
    path("", include("inspections.data_urls")),
    path("accessibility/", TemplateView.as_view(template_name="pages/accessibility.html"), name="accessibility"),
]
# Uploaded reports and built exports are never served from MEDIA_URL, even in DEBUG: views that check
# permission send them (inspections:document-file, exports downloads).

# The database unreachable: a 503 page that says so, instead of a bare "Server Error (500)" (config/errors.py).
handler500 = "config.errors.server_error"
