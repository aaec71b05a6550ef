"""The role predicates the page header needs, as filters: `{% if user|is_office_staff %}`.
Every page renders the header, so these come from accounts.permissions rather than from each
view's context."""

from django import template

from accounts import permissions

register = template.Library()

register.filter("is_office_staff", permissions.is_office_staff)
register.filter("is_committee_member", permissions.is_committee_member)
register.filter("can_manage_users", permissions.can_manage_users)
