from django.urls import path

from scrutiny.site import moderngov_sync

app_name = "moderngov_sync"
urlpatterns = [
    path("", moderngov_sync.runs, name="runs"),
    path("runs/<int:run>/", moderngov_sync.run, name="run"),
]
