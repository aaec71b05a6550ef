"""The outstanding units list as a document (PDF, Word, Excel; certified/print_views.py), in a
namespace of its own: the certified namespace's URLs are each in the staff matrix of
tests/test_certified.py, these in tests/test_scope_urls.py."""

from django.urls import path

from certified import print_views

app_name = "certified_print"
urlpatterns = [
    path(
        "outstanding/<int:year_id>/list.<str:fmt>",
        print_views.outstanding_download,
        name="outstanding",
    ),
]
