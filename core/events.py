"""Domain events: one small publish/subscribe point, delivered after the transaction commits.

A domain app defines its events as frozen dataclasses of ids and plain values (never ORM
objects: a handler may hand them to a background task) and publishes them from its services;
other features (notifications, dashboard caches, webhooks) subscribe, usually in their
AppConfig.ready():

    core.events.subscribe(UnitStatusMoved, handler)

Delivery waits for the publishing transaction to commit, so a rolled-back move tells no one.
A handler that raises is logged and skipped: the other handlers still run and the user's
action, already committed, stands. This module knows no domain app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[Any], None]

_handlers: dict[type, list[Handler]] = {}


def subscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    """Call `handler(event)` after commit for every published event of exactly this type."""
    handlers = _handlers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    handlers = _handlers.get(event_type, [])
    if handler in handlers:
        handlers.remove(handler)


@contextmanager
def subscribed(event_type: type[E], handler: Callable[[E], None]) -> Iterator[None]:
    """Subscribe for the length of a block (tests): the handler is removed however it ends."""
    subscribe(event_type, handler)
    try:
        yield
    finally:
        unsubscribe(event_type, handler)


def publish(event: object) -> None:
    """Deliver `event` to its subscribers once the current transaction commits (at once
    outside a transaction). The subscribers are those registered when it is published."""
    handlers = list(_handlers.get(type(event), ()))
    if handlers:
        transaction.on_commit(lambda: _deliver(event, handlers))


def _deliver(event: object, handlers: list[Handler]) -> None:
    for handler in handlers:
        try:
            handler(event)
        except Exception:
            # The move has committed; one subscriber's fault must not hide it from the others.
            logger.exception("event handler %r failed on %r", handler, event)
