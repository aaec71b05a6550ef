"""One-time form tokens: a double submit of a create form records once (docs/security.md).

A create form carries a hidden token made by new_form_token (core.forms.OnceField). The service
that records the form calls use_form_token first thing inside its transaction: the token's row is
inserted there, so the record and the spent token commit together or not at all. A second submit
of the same form — a double click, a resent POST, a second tab — finds the row (the unique
constraint, also across parallel requests on PostgreSQL) and is refused with a message.

A form written by hand (no Django form class) carries its token with `{% once_field %}`
(core/templatetags/once_tags.py) and the view reads it with core.forms.posted_token. A service
whose work before its transaction is costly (decoding a batch of photos) may refuse a spent
token early with check_form_token; use_form_token in the transaction stays the one that counts.

Spent tokens are kept KEEP_DAYS, then delete_spent_tokens forgets them: it is a daily job of
`manage.py housekeeping` (core/housekeeping.py, the setting HOUSEKEEPING_DAILY_JOBS). A form
left open longer than that and sent twice would record twice; a page is not left open for
days, and a longer keep only costs rows."""

import datetime as dt
import re
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import DomainError
from core.models import FormToken

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEEP_DAYS = 2


def new_form_token() -> str:
    """A fresh token for one create form (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def _already_sent() -> DomainError:
    return DomainError(gettext("แบบฟอร์มนี้ถูกส่งไปแล้ว ระบบจึงไม่บันทึกซ้ำ กรุณาตรวจดูรายการที่บันทึกไว้"))


def check_form_token(token: str) -> None:
    """Refuse a token that is malformed or spent already, without spending it: a read for a
    service whose work before its transaction is costly (decoding photos) so a second press
    stops at once. Only use_form_token, in the transaction, is authoritative."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise _already_sent()
    if FormToken.objects.filter(token=token).exists():
        raise _already_sent()


def use_form_token(token: str) -> None:
    """Spend the token inside the caller's transaction, or refuse with a DomainError when it was
    spent already (or is empty or malformed). The insert runs in a savepoint, so the caller's
    transaction is still usable after the refusal."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise _already_sent()
    try:
        with transaction.atomic():
            FormToken.objects.create(token=token)
    except IntegrityError:
        raise _already_sent() from None


def delete_spent_tokens(*, older_than: dt.timedelta = dt.timedelta(days=KEEP_DAYS)) -> int:
    """Forget tokens spent longer ago than older_than; returns how many went. A daily job of
    `manage.py housekeeping`: idempotent, so a second run at once deletes nothing more."""
    deleted, _ = FormToken.objects.filter(used_at__lt=timezone.now() - older_than).delete()
    return deleted
