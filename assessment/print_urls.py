"""The downloads of a round's papers (assessment/print_views.py), in a namespace of their own:
the assessment namespace's URLs are each in the round and entry matrix of tests/test_scope.py,
these in tests/test_scope_urls.py."""

from django.urls import path

from assessment import print_views

app_name = "assessment_print"
urlpatterns = [
    path(
        "rounds/<int:pk>/schedule.<str:fmt>",
        print_views.schedule_download,
        name="schedule",
    ),
    path(
        "rounds/<int:pk>/scores.<str:fmt>",
        print_views.round_sheet_download,
        name="round_sheet",
    ),
    path(
        "entries/<int:pk>/scores.<str:fmt>",
        print_views.unit_sheet_download,
        name="unit_sheet",
    ),
    path(
        "entries/<int:pk>/members/<int:member_id>/scores.<str:fmt>",
        print_views.member_sheet_download,
        name="member_sheet",
    ),
]
