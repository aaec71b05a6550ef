import time

from django.conf import settings
from django.contrib.auth import logout


class SecurityHeadersMiddleware:
    """CSP and no-store on every authenticated page (docs/security.md §19)."""

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.CSP)
        response.setdefault("X-Content-Type-Options", "nosniff")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages of signed-in users may carry personal data: never keep them in caches.
            response["Cache-Control"] = "no-store"
        return response


class SessionTimeoutMiddleware:
    """End a session after a period without requests, and in any case once it is older than its
    absolute lifetime (docs/security.md §6).

    The absolute limit is checked here, not left to the cookie's age: Django renews a session's
    expiry whenever the session is saved, so a session touched every few minutes would
    otherwise live for ever. `last_seen` is written at most once a minute for the same reason
    and to spare the session store a write on every request.
    """

    SEEN = "last_seen"
    STARTED = "started_at"
    WRITE_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(self.STARTED)
            last_seen = session.get(self.SEEN, now)
            if started is None:
                # A session from before this rule, or from a login that bypassed the view.
                session[self.STARTED] = started = now
            if (
                now - last_seen > settings.SESSION_IDLE_TIMEOUT_SECONDS
                or now - started > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            elif now - last_seen >= self.WRITE_EVERY_SECONDS or self.SEEN not in session:
                session[self.SEEN] = now
        return self.get_response(request)


def session_started(sender, request, user, **kwargs):
    """At login the session's absolute lifetime starts again (connected in core/apps.py)."""
    now = int(time.time())
    request.session[SessionTimeoutMiddleware.STARTED] = now
    request.session[SessionTimeoutMiddleware.SEEN] = now


class ThaiFirstLocaleMiddleware:
    """Thai unless the user chose another language: the browser's language is not consulted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        available = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
