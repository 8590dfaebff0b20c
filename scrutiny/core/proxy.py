"""The client's own address when the site is served behind nginx.

Behind a proxy every connection comes from the proxy, so the sign-in lockout's count per
address (scrutiny.people.lockout) would count everybody as one. nginx sends the address
its connection came from in `X-Real-IP` (deploy/nginx/scrutiny.conf sets the header
itself, replacing anything a client sent). It is believed only on a connection from an
address listed in `SCRUTINY_TRUSTED_PROXIES`; from anywhere else the header is ignored, so
a client talking to the application directly cannot choose its own address. (Libraries
such as django-xff trust a number of hops instead, whoever connects; this checks who.)
"""

import contextlib
import ipaddress

from django.conf import settings


class RealClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxies = settings.SCRUTINY_TRUSTED_PROXIES
        if proxies and request.META.get("REMOTE_ADDR") in proxies:
            claimed = request.META.get("HTTP_X_REAL_IP", "").strip()
            # Without a usable header the proxy's own address stands.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(claimed))
        return self.get_response(request)
