"""The Content-Security-Policy header: the browser runs only our own scripts and styles.

Every page's scripts and styles are files under /static/, so the policy refuses inline
scripts, inline styles, plugins, other sites' resources and being framed. A response that
needs a different policy (the monitoring report's standalone HTML carries its own
stylesheet inline) sets the header itself and keeps it.
"""

from django.conf import settings

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# A standalone document with its stylesheet inline and nothing to run or submit.
INLINE_STYLED_DOCUMENT_POLICY = "; ".join(
    [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's own debug pages (DEBUG only) are styled and scripted inline.
        if settings.DEBUG and response.status_code >= 400:
            return response
        if HEADER not in response:
            response[HEADER] = CONTENT_SECURITY_POLICY
        return response
