from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services, throttle
from accounts.forms import LoginForm, UserCreateForm
from accounts.models import User
from accounts.permissions import (
    can_manage_users,
    can_unlock_logins,
    is_committee_member,
    is_district_staff,
    is_province_officer,
)
from core.errors import DomainError
from core.forms import add_domain_error
from core.scope import visible_to
from programme.models import ProgrammeYear


class LoginView(auth_views.LoginView):
    """Django's login page with the user-name back-off (accounts/throttle.py); axes answers a
    locked (user name, address) pair itself with registration/locked_out.html."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.wait_seconds:
            response.status_code = 429
            response["Retry-After"] = str(form.wait_seconds)
        return response


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
    users = list(users_visible_to(request.user)[:500])
    can_unlock = can_unlock_logins(request.user)
    failures = throttle.recent_failures(u.username for u in users) if can_unlock else {}
    for u in users:
        u.recent_failures = failures.get(u.username, 0)
    return render(
        request,
        "accounts/user_list.html",
        {"users": users, "form": form, "can_unlock": can_unlock},
    )


@login_required
@require_POST
def user_toggle(request, pk):
    user = get_object_or_404(users_visible_to(request.user), pk=pk)
    try:
        services.user_set_active(actor=request.user, user=user, active=not user.is_active)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("ปรับสถานะบัญชีแล้ว"))
    return redirect("accounts:users")


@login_required
@require_POST
def user_unlock_login(request, pk):
    if not can_unlock_logins(request.user):
        raise Http404
    user = get_object_or_404(users_visible_to(request.user), pk=pk)
    try:
        services.user_unlock_login(actor=request.user, user=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("ปลดล็อกการเข้าสู่ระบบของ %(username)s แล้ว") % {"username": user.username}
        )
    return redirect("accounts:users")


@login_required
def home(request):
    user = request.user
    years = visible_to(user, ProgrammeYear).select_related("province")
    if is_district_staff(user) or is_province_officer(user):
        current = years.first()
        if current is not None and is_province_officer(user):
            return redirect("programme:status", pk=current.pk)
        if current is not None:
            return redirect("registration:register")
    if is_committee_member(user):
        # A committee member starts from the assessment rounds of the newest year they serve
        # in: one tap from a round's scoring page.
        current = years.order_by("-fiscal_year").first()
        if current is not None:
            return redirect("assessment:rounds", year_id=current.pk)
    return render(request, "accounts/home.html", {"years": years[:50]})
