from django.urls import path

from scrutiny.site import record_imports

app_name = "record_imports"
urlpatterns = [
    path("", record_imports.upload, name="upload"),
    path("confirm/", record_imports.confirm, name="confirm"),
]
