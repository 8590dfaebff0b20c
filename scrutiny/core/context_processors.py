from django.conf import settings
from django.http import HttpRequest


def council(request: HttpRequest) -> dict[str, str]:
    """The council's name on every page: one installation, one council."""
    return {"council_name": settings.COUNCIL_NAME}
