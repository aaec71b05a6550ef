"""Domain events: one small publish/subscribe point, delivered after the transaction commits.

A domain app defines its events as frozen dataclasses of ids and plain values (never ORM
objects: a handler may hand them to a background task) and publishes them from its services;
other features (notifications, dashboard caches, webhooks) subscribe, usually in their
AppConfig.ready():

    core.events.subscribe(UnitStatusMoved, handler)

Delivery waits for the publishing transaction to commit, so a rolled-back move tells no one.
A handler that raises is logged and skipped: the other handlers still run and the user's
action, already committed, stands. The failed handler is then tried again by the background
worker after the delays of the setting EVENT_RETRY_SECONDS (a database that was briefly away
loses no notification), so handlers must be idempotent (the notifications' keys make them so).
Only a handler and an event importable by dotted path can be tried again: the ones a test
defines inside a function are logged only. This module knows no domain app.

A handler subscribed with `in_transaction=True` is called at once instead, inside the
publisher's transaction: it writes only what must commit or roll back with the write itself
(the tallies' marks of the units to count again, tallies/services.py: an outbox, so a crash
between the commit and the delivery cannot lose a count). Its error fails the write.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[Any], None]

_handlers: dict[type, list[Handler]] = {}
_in_transaction: dict[type, list[Handler]] = {}


def subscribe(
    event_type: type[E], handler: Callable[[E], None], *, in_transaction: bool = False
) -> None:
    """Call `handler(event)` after commit (or at once, inside the publisher's transaction, with
    `in_transaction`) for every published event of exactly this type."""
    table = _in_transaction if in_transaction else _handlers
    handlers = table.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    for table in (_handlers, _in_transaction):
        handlers = table.get(event_type, [])
        if handler in handlers:
            handlers.remove(handler)


@contextmanager
def subscribed(
    event_type: type[E], handler: Callable[[E], None], *, in_transaction: bool = False
) -> Iterator[None]:
    """Subscribe for the length of a block (tests): the handler is removed however it ends."""
    subscribe(event_type, handler, in_transaction=in_transaction)
    try:
        yield
    finally:
        unsubscribe(event_type, handler)


def publish(event: object) -> None:
    """Deliver `event` to its subscribers once the current transaction commits (at once
    outside a transaction). The subscribers are those registered when it is published; the
    in-transaction ones are called first, before this returns."""
    for handler in list(_in_transaction.get(type(event), ())):
        handler(event)  # part of the write: an error here rolls the write back
    handlers = list(_handlers.get(type(event), ()))
    if handlers:
        transaction.on_commit(lambda: _deliver(event, handlers))


def _deliver(event: object, handlers: list[Handler]) -> None:
    for handler in handlers:
        _call(handler, event, attempt=1)


def _call(handler: Handler, event: object, *, attempt: int) -> None:
    try:
        handler(event)
    except Exception:
        # The move has committed; one subscriber's fault must not hide it from the others.
        logger.exception("event handler %r failed on %r (attempt %s)", handler, event, attempt)
        _try_again_later(handler, event, attempt=attempt)


def _dotted(thing: Any) -> str | None:
    path = f"{thing.__module__}.{thing.__qualname__}"
    return None if "<locals>" in path or "<lambda>" in path else path


def _try_again_later(handler: Handler, event: object, *, attempt: int) -> None:
    delays = settings.EVENT_RETRY_SECONDS
    handler_path, event_path = _dotted(handler), _dotted(type(event))
    if attempt > len(delays) or not handler_path or not event_path:
        logger.error("event handler %r gave up on %r after %s attempts", handler, event, attempt)
        return
    if not dataclasses.is_dataclass(event) or isinstance(event, type):
        return
    from core.tasks import redeliver_event

    try:
        redeliver_event.using(
            run_after=timezone.now() + timedelta(seconds=delays[attempt - 1])
        ).enqueue(handler_path, event_path, dataclasses.asdict(event), attempt + 1)
    except Exception:
        logger.exception("event handler %r: the retry could not be queued", handler)


def redeliver(handler_path: str, event_path: str, fields: dict[str, Any], attempt: int) -> None:
    """The background worker's later try of one handler on one event (core.tasks)."""
    handler = import_string(handler_path)
    event = import_string(event_path)(**fields)
    _call(handler, event, attempt=attempt)
