import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import DomainError
from notifications import selectors, services, text
from notifications.forms import PreferencesForm
from notifications.models import Notification

logger = logging.getLogger(__name__)
PAGE_SIZE = 30


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.inbox(request.user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(n, text.title(n), text.body(n)) for n in page]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "rows": rows, "unread_only": unread_only},
    )


@login_required
def open_notification(request, pk):
    # Only the recipient's own: anyone else's id is a 404 (docs/notifications.md).
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(user=request.user, notification=notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("ทำเครื่องหมายว่าอ่านแล้ว %(count)s รายการ") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    link = selectors.line_link(request.user)
    linked = bool(link and link.line_user_id)
    form = PreferencesForm(
        request.POST or None, current=selectors.current_channels(request.user), line=linked
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, channels=form.channels())
        messages.success(request, _("บันทึกการตั้งค่าการแจ้งเตือนแล้ว"))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "link": link,
            "linked": linked,
            "line_enabled": settings.LINE_ENABLED,
            "has_email": bool(request.user.email),
        },
    )


@login_required
@require_POST
def line_link(request):
    try:
        if request.POST.get("action") == "unlink":
            services.line_unlink(user=request.user)
            messages.success(request, _("ยกเลิกการเชื่อมบัญชี LINE แล้ว"))
        else:
            services.line_link_start(user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("notifications:preferences")


@csrf_exempt
@require_POST
def line_webhook(request):
    """The LINE Messaging API's webhook: a user who sends their link code to the office's
    Official Account is linked. The signature proves the call is LINE's."""
    if not settings.LINE_ENABLED:
        raise Http404
    from linebot.v3 import WebhookParser
    from linebot.v3.exceptions import InvalidSignatureError
    from linebot.v3.webhooks import MessageEvent, TextMessageContent

    parser = WebhookParser(settings.LINE_CHANNEL_SECRET)
    try:
        events = parser.parse(
            request.body.decode("utf-8"), request.headers.get("X-Line-Signature", "")
        )
    except (InvalidSignatureError, ValueError):
        return HttpResponseBadRequest()
    for event in events:
        if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            user_id = getattr(event.source, "user_id", None)
            if user_id:
                services.line_link_confirm(code=event.message.text, line_user_id=user_id)
    return HttpResponse("OK")
