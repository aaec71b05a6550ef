"""The unit page's request for the department's access to personal documents, and the
predicates the page header needs for the compliance pages' links, as filters
(`{% if user|can_read_breaches %}`). The unit page's view passes no flag for the request: the
tag asks compliance's own predicate and selector."""

from django import template

from compliance import permissions
from compliance.forms import AccessRequestForm
from compliance.permissions import can_request_personal_access
from compliance.selectors import live_grant

register = template.Library()

register.filter("can_read_access_grants", permissions.can_read_access_grants)
register.filter("can_read_processing_record", permissions.can_read_processing_record)
register.filter("can_read_breaches", permissions.can_read_breaches)


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
