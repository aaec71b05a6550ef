from accounts.models import Role


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_department": user.role == Role.ADMIN,
        "is_provincial": user.role == Role.PROVINCE,
        "is_district_staff": user.role in (Role.DISTRICT, Role.DEVELOPER),
    }
