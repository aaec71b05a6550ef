from django import template

from core import thai

register = template.Library()


@register.filter
def thaidate(value):
    return thai.thai_date(value)


@register.filter
def thaidate_short(value):
    return thai.thai_date_short(value)


@register.filter
def thaidatetime(value):
    return thai.thai_datetime(value)


@register.filter
def thainum(value):
    return thai.thai_digits(value)


@register.filter
def be_year(value):
    return thai.be_year(int(value))
