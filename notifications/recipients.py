"""Who hears of an event: the people whose work it is, inside the object's scope."""

from collections.abc import Iterable

from accounts.models import Role, User


def active(users: Iterable[User]) -> list[User]:
    return [u for u in users if u.is_active]


def district_officers(district_id: str) -> list[User]:
    return list(User.objects.filter(role=Role.DISTRICT, district_id=district_id, is_active=True))


def province_officers(province_id: str) -> list[User]:
    return list(User.objects.filter(role=Role.PROVINCE, province_id=province_id, is_active=True))


def responsible_developer(developer_id: int | None, district_id: str) -> list[User]:
    """The unit's community developer, while they still work in the unit's district."""
    if developer_id is None:
        return []
    return list(
        User.objects.filter(
            pk=developer_id, role=Role.DEVELOPER, district_id=district_id, is_active=True
        )
    )


def without(users: Iterable[User], actor_id: int | None) -> list[User]:
    """Everyone once, the one who acted left out: they know what they did."""
    seen: dict[int, User] = {}
    for user in users:
        if user.pk != actor_id:
            seen.setdefault(user.pk, user)
    return list(seen.values())
