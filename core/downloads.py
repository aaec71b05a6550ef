"""Files the system hands out: always an attachment under a (Thai) file name, never sniffed by
the browser and never kept in a cache (docs/security.md §3: documents carry personal data)."""

from typing import TypeVar

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

# Bytes or a streamed file: the headers are the same, and the caller keeps its type.
Response = TypeVar("Response", bound=HttpResponseBase)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The formats the reports come in, by the extension in their URLs.
CONTENT_TYPES = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX}


def as_attachment(response: Response, filename: str) -> Response:
    """Mark `response` (made from bytes, or a FileResponse) as a download named `filename`."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    return as_attachment(HttpResponse(content, content_type=content_type), filename)
