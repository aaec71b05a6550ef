"""Failed logins on one user name from many addresses slow down; they never lock the user out
(docs/security.md §5).

axes locks the pair (user name, client address). A user name alone only backs off: once the
failures on it within the cool-off, counted over every address, reach LOGIN_BACKOFF_AFTER, a
new try must wait LOGIN_BACKOFF_SECONDS after the latest failure, doubling with each failure
past the threshold up to LOGIN_BACKOFF_MAX_SECONDS. A try refused for the wait checks no password
and counts no failure, so an attacker gets at most one guess per wait, and the correct password
works again as soon as the wait is over. An address the user logged in from within
LOGIN_KNOWN_ADDRESS_DAYS (axes' access log) does not wait at all: strangers elsewhere cannot slow
the user down at their own office. The counts are axes' own database rows, read the same by every
app server. A made-up user name backs off exactly like a real one, so the wait tells nothing.
"""

import math
from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext


def backoff_seconds(username: str, ip_address: str | None, *, now=None) -> int:
    """How many seconds a login try for `username` from `ip_address` must still wait; 0: none."""
    if not username:
        return 0
    now = now or timezone.now()
    window = get_cool_off() or timedelta(minutes=15)
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - window)
    totals = recent.aggregate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
    past_threshold = (totals["failures"] or 0) - settings.LOGIN_BACKOFF_AFTER
    if past_threshold < 0:
        return 0
    known = AccessLog.objects.filter(
        username=username,
        ip_address=ip_address,
        attempt_time__gte=now - timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS),
    )
    if ip_address and known.exists():
        return 0
    wait = min(
        settings.LOGIN_BACKOFF_SECONDS * 2 ** min(past_threshold, 30),
        settings.LOGIN_BACKOFF_MAX_SECONDS,
    )
    remaining = (totals["latest"] + timedelta(seconds=wait) - now).total_seconds()
    return max(0, math.ceil(remaining))


def recent_failures(usernames) -> dict[str, int]:
    """Failed logins within the cool-off for each of `usernames` that has any."""
    window = get_cool_off() or timedelta(minutes=15)
    rows = (
        AccessAttempt.objects.filter(
            username__in=list(usernames), attempt_time__gte=timezone.now() - window
        )
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
    )
    return {row["username"]: row["failures"] for row in rows}


def wait_text(seconds: int) -> str:
    """A wait in Thai words: "45 วินาที", "3 นาที"."""
    if seconds < 60:
        return ngettext("%(n)d วินาที", "%(n)d วินาที", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)d นาที", "%(n)d นาที", minutes) % {"n": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """axes' answer to a locked (user name, address) pair (AXES_LOCKOUT_CALLABLE): the Thai page
    saying how long to wait. Each try while locked starts the cool-off again, so the wait is the
    whole cool-off from now."""
    wait = int(get_cool_off(request).total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"wait": wait_text(wait)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(wait)
    return response
