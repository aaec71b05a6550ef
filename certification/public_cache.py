"""The cache header of public pages (verify, the public register), shared by both apps' public
views."""

from django.http.response import HttpResponseBase

# Short enough that a revocation shows within a minute, long enough to absorb a rush.
PUBLIC_CACHE = "public, max-age=60"


def cache_publicly(response: HttpResponseBase) -> HttpResponseBase:
    """Public pages (verify, the public register) may be cached by anyone for a minute."""
    response["Cache-Control"] = PUBLIC_CACHE
    return response
