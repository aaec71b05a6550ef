from django import template

from activities.models import Activity
from activities.selectors import activity_list
from core.scope import visible_to

register = template.Library()


@register.inclusion_tag("activities/_unit_activities.html", takes_context=True)
def unit_activities(context, unit):
    """The activities a unit took part in, for its page (one query, scoped to the viewer)."""
    user = context["request"].user
    activities = activity_list(visible_to(user, Activity).filter(units=unit)).order_by(
        "-held_on", "-id"
    )
    return {"unit": unit, "activities": list(activities[:30])}
