"""Ending a user's other sessions without finding them: each session notes when it began, and
a session that began before `User.sessions_ended_at` is signed out at its next request
(accounts/middleware.py). The user row is read on every request anyway, so this costs no query.

Set when the sessions' standing changed elsewhere: a second factor set up (a session signed in
before had no second step to pass) or reset by an administrator (docs/security.md §5).
"""

from datetime import datetime

from django.utils import timezone

from accounts.models import User

SESSION_STARTED = "session_started"


def end_sessions(user: User) -> None:
    """Every session of `user` begun until now ends at its next request (inside the caller's
    transaction). The session that asked goes on if its view calls `session_started` after."""
    User.objects.filter(pk=user.pk).update(sessions_ended_at=timezone.now())


def session_started(request) -> None:
    """Note that this session begins now (at login, and after its own change ended the others)."""
    request.session[SESSION_STARTED] = timezone.now().isoformat()


def session_outdated(request) -> bool:
    ended = request.user.sessions_ended_at
    if ended is None:
        return False
    started = request.session.get(SESSION_STARTED)
    if not isinstance(started, str):
        return True  # a session from before the note existed
    try:
        return datetime.fromisoformat(started) < ended
    except ValueError:
        return True
