from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import UserCreateForm
from accounts.models import User
from accounts.permissions import can_manage_users
from core.errors import DomainError
from core.forms import add_domain_error
from core.scope import visible_to


def users_visible_to(actor):
    if not can_manage_users(actor):
        return User.objects.none()
    users = User.objects.select_related("province", "district__province").order_by(
        "role", "username"
    )
    return visible_to(actor, users)


@login_required
def user_list(request):
    if not can_manage_users(request.user):
        raise Http404
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("สร้างบัญชีผู้ใช้แล้ว"))
            return redirect("accounts:users")
    return render(
        request,
        "accounts/user_list.html",
        {"users": users_visible_to(request.user)[:500], "form": form},
    )


@login_required
@require_POST
def user_toggle(request, pk):
    try:
        user = users_visible_to(request.user).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None
    try:
        services.user_set_active(actor=request.user, user=user, active=not user.is_active)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("ปรับสถานะบัญชีแล้ว"))
    return redirect("accounts:users")
