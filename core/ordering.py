"""Moving one row of a hand-ordered list (committee members and duties, a framework's
components and indicators) one place up or down."""

from typing import TypeVar

from django.utils.translation import gettext

from core.errors import DomainError

UP, DOWN = "up", "down"

T = TypeVar("T")


def require_direction(direction: str) -> None:
    if direction not in (UP, DOWN):
        raise DomainError(gettext("ทิศทางการย้ายไม่ถูกต้อง"))


def swap_with_neighbour(items: list[T], index: int, direction: str) -> int | None:
    """Swap items[index] with the item above (UP) or below it, in place, and return the
    neighbour's index; None, with the list as it was, when there is none that way."""
    require_direction(direction)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(items):
        return None
    items[index], items[other] = items[other], items[index]
    return other
