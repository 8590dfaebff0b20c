from django.contrib import admin
from django.urls import include, path

from scrutiny.core.health import healthz, readyz
from scrutiny.site.staff.accounts import AdminSignInForm

# The admin's sign-in is locked by the same rule as the site's, and says so as plainly.
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("scrutiny.site.staff.accounts")),
    path("staff/imports/moderngov/", include("scrutiny.site.moderngov_imports_urls")),
    path("staff/imports/minutes/", include("scrutiny.site.record_imports_urls")),
    path("staff/imports/", include("scrutiny.site.imports_urls", namespace="imports")),
    path("staff/", include("scrutiny.site.staff.urls")),
    path("api/v1/", include("scrutiny.api.urls")),
    path("", include("scrutiny.site.urls")),
]
