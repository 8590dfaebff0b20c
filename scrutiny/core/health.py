"""A liveness check for load balancers and benchmarks: the cheapest answer the site gives.

It goes through the whole middleware stack like every page, but touches neither the
database nor the session, so its rate is what the server and middleware alone can do.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
