"""The record of processing activities (PDPA s.39; compliance/processing.py): every model field
that holds personal data is in a declared activity, and the page lists them for the department
and the provinces, printable."""

from pathlib import Path

from django.apps import apps
from django.contrib.staticfiles import finders
from django.urls import reverse

from compliance import processing

# Django's own tables (sessions, permissions, content types, the admin log) and the task queue
# hold no personal data of their own; everything else installed is looked at.
NOT_PERSONAL = {
    "admin",
    "auth",
    "contenttypes",
    "sessions",
    "messages",
    "staticfiles",
    "humanize",
    "django_tasks",
    "django_tasks_db",
}


def app_labels():
    return [config.label for config in apps.get_app_configs() if config.label not in NOT_PERSONAL]


def test_every_field_holding_personal_data_is_in_a_declared_activity():
    assert processing.uncovered(app_labels()) == []


def test_the_check_sees_what_the_brief_names():
    found = processing.personal_fields(app_labels())
    for name in (
        "registration.Unit.national_id",
        "registration.Unit.birth_date",
        "registration.Unit.phone",
        "registration.Unit.house_number",
        "registration.UnitDocument.file",
        "accounts.User.phone",
        "activities.ActivityPhoto.image",
        "activities.ActivityPhoto.gps_latitude",
        "certified.ProfilePhoto.photo",
        "axes.AccessLog.ip_address",
        "accounts.User.email",
    ):
        assert name in found, name


def test_an_activity_left_out_leaves_its_fields_and_kinds_uncovered():
    without = [a for a in processing.ACTIVITIES if a.key != "registration"]
    missing = processing.uncovered(app_labels(), without)
    assert "registration.Unit.national_id" in missing
    assert "registration.Unit.birth_date" in missing
    assert "document kind ID_CARD" in missing
    assert "document kind PHOTO" in missing
    photos = [a for a in processing.ACTIVITIES if a.key != "activities"]
    assert "activities.ActivityPhoto.image" in processing.uncovered(app_labels(), photos)


def test_every_declared_field_exists_and_every_activity_is_complete():
    keys = set()
    for activity in processing.ACTIVITIES:
        keys.add(activity.key)
        for label, names in activity.holds.items():
            model = apps.get_model(label)
            for name in names:
                model._meta.get_field(name)  # raises on a misspelt field
        for attribute in (
            "name",
            "purpose",
            "legal_basis",
            "subjects",
            "data",
            "recipients",
            "transfers",
            "retention",
            "security",
        ):
            assert str(getattr(activity, attribute)).strip(), (activity.key, attribute)
        assert activity.held()
    assert len(keys) == len(processing.ACTIVITIES)


def test_the_page_for_the_department_and_the_provinces(client, admin_user, pat, olivia, alice):
    url = reverse("compliance:processing")
    for user in (admin_user, pat, olivia):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        for activity in processing.ACTIVITIES:
            assert str(activity.name) in body and f'data-activity="{activity.key}"' in body
        assert "เลขประจำตัวประชาชน" in body and "มาตรา 24(4)" in body
        assert "compliance/print.css" in body and 'media="print"' in body
    client.force_login(alice)
    assert client.get(url).status_code == 404


def test_the_page_reads_in_english(client, admin_user):
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("compliance:processing"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Record of processing activities" in body


def test_the_print_stylesheet_leaves_out_the_header():
    path = finders.find("compliance/print.css")
    assert path is not None
    css = Path(path).read_text(encoding="utf-8")
    assert "header.top" in css and "display: none" in css


def test_the_header_links_ask_the_predicates(admin_user, pat, alice):
    """base.html shows the links to these pages with the tag library's filters."""
    from django.template import Context, Template

    template = Template(
        "{% load compliance_tags %}{% if user|can_read_processing_record %}P{% endif %}"
        "{% if user|can_read_breaches %}B{% endif %}{% if user|can_read_access_grants %}G{% endif %}"
    )
    assert template.render(Context({"user": admin_user})) == "PBG"
    assert template.render(Context({"user": pat})) == "PBG"
    assert template.render(Context({"user": alice})) == ""
