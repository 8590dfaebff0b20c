from django.urls import path

from scrutiny.site import moderngov_imports

app_name = "moderngov_imports"
urlpatterns = [
    path("", moderngov_imports.upload, name="upload"),
    path("confirm/", moderngov_imports.confirm, name="confirm"),
]
