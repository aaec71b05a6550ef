from django import template

from core import thai

register = template.Library()

register.filter("thaidate", thai.thai_date)
register.filter("thaidate_short", thai.thai_date_short)
register.filter("thaidatetime", thai.thai_datetime)
register.filter("thainum", thai.thai_digits)


@register.filter
def be_year(value):
    return thai.be_year(int(value))
