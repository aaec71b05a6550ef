"""Messages shared by every domain's views."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest


def form_errors_to_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """Show each error of a form that has no page of its own (a small form posted from a detail
    page that redirects back) as an error message, in the order the form lists them."""
    for errors in form.errors.as_data().values():
        for error in errors:
            for message in error.messages:
                messages.error(request, message)
