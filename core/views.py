from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.models import Role
from core.scope import visible_to
from programme.models import ProgrammeYear


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # the point is to report, not to raise
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database}, status=status
    )


@login_required
def home(request):
    user = request.user
    years = visible_to(user, ProgrammeYear).select_related("province")
    if user.role in (Role.DISTRICT, Role.DEVELOPER, Role.PROVINCE):
        current = years.first()
        if current is not None and user.role == Role.PROVINCE:
            return redirect("programme:status", pk=current.pk)
        if current is not None:
            return redirect("registration:register")
    if user.role == Role.COMMITTEE:
        # A committee member starts from the assessment rounds of the newest year they serve
        # in: one tap from a round's scoring page.
        current = years.order_by("-fiscal_year").first()
        if current is not None:
            return redirect("assessment:rounds", year_id=current.pk)
    return render(request, "core/home.html", {"years": years[:50]})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
