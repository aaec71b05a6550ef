"""The client's address for login throttling (docs/security.md §5).

Behind a reverse proxy every request's REMOTE_ADDR is the proxy's own, so axes would count
everyone's failures as one client's. The deployment names the header its proxy sets
(`TRUSTED_PROXY_HEADER`) and how many proxies stand in front of the app
(`TRUSTED_PROXY_COUNT`); the client is then the address that many places from the right of
that header, the part the client cannot write (nginx's `$proxy_add_x_forwarded_for` appends
the address it saw to whatever the client sent). With no header configured the header is never
read, so a client cannot pick its own address by sending X-Forwarded-For.

axes calls `client_ip` through AXES_CLIENT_IP_CALLABLE.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if not header:
        return remote
    count = max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)), 1)
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    if len(hops) < count:
        # Not what the configured proxies send: the request did not come through them.
        return remote
    return _valid(hops[-count]) or remote


def check_trusted_proxy(app_configs=None, **kwargs):
    """`check --deploy`: the deployment says where the client's address comes from."""
    from django.core.checks import Warning

    if getattr(settings, "TRUSTED_PROXY_HEADER", ""):
        return []
    return [
        Warning(
            "TRUSTED_PROXY_HEADER is not set: behind a reverse proxy every client has the "
            "proxy's address, and failed logins of one person lock others' logins from it.",
            hint="Set TRUSTED_PROXY_HEADER=X-Forwarded-For (and TRUSTED_PROXY_COUNT) as README "
            "'Deploy' says, or TRUSTED_PROXY_HEADER=REMOTE_ADDR when no proxy is in front.",
            id="mchch.W001",
        )
    ]
