"""geography.permissions as filters for the page header: `{% if user|can_add_villages %}`."""

from django import template

from geography import permissions

register = template.Library()

register.filter("can_add_villages", permissions.can_add_villages)
register.filter("can_define_zones", permissions.can_define_zones)
