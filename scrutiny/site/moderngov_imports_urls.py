from django.urls import path

from scrutiny.people.permissions import can_import_records
from scrutiny.site import moderngov_imports

app_name = "moderngov_imports"
urlpatterns = [
    path("", moderngov_imports.upload, name="upload"),
    *moderngov_imports.PAGES.urls(can_import_records),
]
