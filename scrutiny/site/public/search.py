from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.committees.models import Committee
from scrutiny.core.page_cache import public_page
from scrutiny.search import params as search_params
from scrutiny.search.selectors import KINDS, PER_PAGE, search


@public_page(params=search_params.PARAMETERS)
def search_page(request: HttpRequest) -> HttpResponse:
    """Search the public record: the form, and the results when there is a query."""
    asked = search_params.read(request.GET)
    results = None
    if asked.query:
        # What the user may read: a member finds their committees' exempt business too.
        results = search(asked.query, asked.filters, page=asked.page, user=request.user)
    page = Paginator(range(results.total), PER_PAGE).get_page(results.page) if results else None
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "asked": asked,
        "results": results,
        "committees": Committee.objects.order_by("name").only("name", "slug"),
        "years": search_params.municipal_years(),
        "kinds": list(KINDS.items()),
        "page": page,
        "date_fields": [
            ("from", "From date", request.GET.get("from", "")[:20]),
            ("to", "To date", request.GET.get("to", "")[:20]),
        ],
        "kept_query": kept.urlencode() + "&",
        "breadcrumbs": [("Home", reverse("site:home")), ("Search", None)],
    }
    return render(request, "site/public/search.html", context)
