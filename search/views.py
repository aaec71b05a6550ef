"""The results page of the header's search box."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import selectors
from search.permissions import can_search


@require_GET
@login_required
def results(request):
    if not can_search(request.user):
        raise Http404
    found = selectors.search_everything(request.user, request.GET.get("q", ""))
    return render(
        request,
        "search/results.html",
        {
            "results": found,
            "query": found.query,
            "too_short": 0 < len(found.query) < selectors.MIN_LENGTH,
            "limit": selectors.LIMIT,
        },
    )
