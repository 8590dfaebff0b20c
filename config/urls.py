from django.contrib import admin
from django.urls import include, path, reverse
from django.views import defaults

from scrutiny.api.responses import not_found as api_not_found
from scrutiny.core.health import healthz, readyz
from scrutiny.site.staff.accounts import AdminSignInForm

# The admin's sign-in is locked by the same rule as the site's, and says so as plainly.
admin.site.login_form = AdminSignInForm

# Error pages in the site's layout that need no database (404 and 403 are Django's views
# with the site's templates): scrutiny.site.errors.
handler400 = "scrutiny.site.errors.bad_request"
handler500 = "scrutiny.site.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("scrutiny.site.staff.accounts")),
    path("staff/imports/moderngov/sync/", include("scrutiny.site.moderngov_sync_urls")),
    path("staff/imports/moderngov/", include("scrutiny.site.moderngov_imports_urls")),
    path("staff/imports/minutes/", include("scrutiny.site.record_imports_urls")),
    path("staff/imports/", include("scrutiny.site.imports_urls", namespace="imports")),
    path("staff/", include("scrutiny.site.staff.urls")),
    path("api/v1/", include("scrutiny.api.urls")),
    path("", include("scrutiny.site.urls")),
]


def page_not_found(request, exception):
    """An address under the API that names nothing gets the API's JSON 404, as its
    OpenAPI document says every 404 there is; anywhere else, the site's page."""
    if request.path_info.startswith(reverse("api:index")):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found
