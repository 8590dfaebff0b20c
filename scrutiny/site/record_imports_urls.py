from django.urls import path

from scrutiny.site import record_imports

app_name = "record_imports"
urlpatterns = [
    path("", record_imports.upload, name="upload"),
    path("jobs/<uuid:job>/", record_imports.job, name="job"),
    path("jobs/<uuid:job>/confirm/", record_imports.confirm, name="confirm"),
    path("jobs/<uuid:job>/retry/", record_imports.retry, name="retry"),
]
