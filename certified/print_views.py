"""The province's outstanding units list of a year as PDF, Word or Excel, audited. The year
comes through core.scope (another province's is a 404); the list is the province's, as its
HTML print page: district staff and committee members get 404 (certified/views.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import translation

from audit.downloads import export_download
from certified import print_documents
from certified.views import province_outstanding
from core.downloads import CONTENT_TYPES


@login_required
def outstanding_download(request, year_id: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    year, rows = province_outstanding(request, year_id)
    with translation.override("th"):  # official documents are always in Thai
        content, filename = print_documents.outstanding_document(year, rows, fmt)
    return export_download(
        actor=request.user,
        content=content,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
        action="export.outstanding",
        obj=year,
        changes={"format": fmt, "chosen": sum(1 for r in rows if r.selection is not None)},
    )


@login_required
def outstanding_xlsx(request, year_id: int):
    """The Excel link of the list's pages (certified:outstanding_xlsx): the same download."""
    return outstanding_download(request, year_id, "xlsx")
