from django.urls import path

from scrutiny.people.permissions import can_import_records
from scrutiny.site import record_imports

app_name = "record_imports"
urlpatterns = [
    path("", record_imports.upload, name="upload"),
    *record_imports.PAGES.urls(can_import_records),
]
