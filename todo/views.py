from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.permissions import (
    is_committee_member,
    is_department,
    is_district_staff,
    is_province_officer,
)
from programme.selectors import newest_year
from todo import selectors


@login_required
def start_page(request):
    """Each role's start page says what is waiting for them now (issue 12): counts that link to
    the list behind them, the next deadlines with what is still missing."""
    user = request.user
    context: dict = {"today": selectors.today()}
    if is_committee_member(user):
        context.update(selectors.committee_page(user))
        return render(request, "todo/committee.html", context)
    if is_department(user):
        context.update(selectors.department_page(user))
        return render(request, "todo/department.html", context)
    year = newest_year(user)
    context["year"] = year
    if year is not None and is_district_staff(user):
        context.update(selectors.district_page(user, year))
        return render(request, "todo/district.html", context)
    if year is not None and is_province_officer(user):
        context.update(selectors.province_page(user, year))
        return render(request, "todo/province.html", context)
    return render(request, "todo/no_year.html", context)
