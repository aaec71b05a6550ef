from notifications.selectors import unread_count


def bell(request):
    """The unread count of the header's bell: one COUNT on an indexed pair per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
