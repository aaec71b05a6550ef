"""The unit page's request for the department's access to personal documents. The unit page's
view passes no flag for it: the tag asks compliance's own predicate and selector."""

from django import template

from compliance.forms import AccessRequestForm
from compliance.permissions import can_request_personal_access
from compliance.selectors import live_grant

register = template.Library()


@register.inclusion_tag("compliance/_access_request.html", takes_context=True)
def personal_data_access(context, unit):
    user = context["request"].user
    if not can_request_personal_access(user, unit):
        return {"show": False}
    grant = live_grant(user, unit)
    return {
        "show": True,
        "unit": unit,
        "grant": grant,
        "form": None if grant else AccessRequestForm(auto_id="access-%s"),
        "csrf_token": context.get("csrf_token"),
    }
