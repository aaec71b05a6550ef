"""Messages shared by every domain's views."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from core.errors import DomainError
from core.forms import add_domain_error


def form_errors_to_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """Show each error of a form that has no page of its own (a small form posted from a detail
    page that redirects back) as an error message, in the order the form lists them."""
    for errors in form.errors.as_data().values():
        for error in errors:
            for message in error.messages:
                messages.error(request, message)


def run_and_report(
    request: HttpRequest, write: Callable[..., object], *, done: str = "", **arguments: Any
) -> bool:
    """A write asked for by a button, done as the signed-in user. How it went is a message on
    the page the view then redirects to: the service's refusal, else `done` (none when empty).
    True when the write was done."""
    try:
        write(actor=request.user, **arguments)
    except DomainError as error:
        messages.error(request, error.message)
        return False
    if done:
        messages.success(request, done)
    return True


def save_from_form(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[..., object],
    *,
    done: str,
    **arguments: Any,
) -> bool:
    """A write asked for by a valid form, done as the signed-in user. The service's refusal goes
    next to its field on the form the view shows again; else `done` is the message on the page
    the view then redirects to. True when the write was done."""
    try:
        write(actor=request.user, **arguments)
    except DomainError as error:
        add_domain_error(form, error)
        return False
    messages.success(request, done)
    return True
