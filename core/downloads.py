"""Files the system hands out: always an attachment under a (Thai) file name, never sniffed by
the browser and never kept in a cache (docs/security.md §3: documents carry personal data)."""

from typing import IO, TypeVar

from django.http import FileResponse, HttpResponse
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


# Uploads the browser may show in a tab when asked (`?inline=1`): re-encoded JPEG and PNG only.
# A PDF is always a download, so no reader built into the browser runs what a PDF carries.
INLINE_TYPES = {"image/jpeg", "image/png"}
# A stored upload's page has no origin, runs no script and loads nothing (docs/security.md §3).
STORED_FILE_CSP = "sandbox; default-src 'none'"


def stored_file(file: IO[bytes], *, content_type: str, filename: str, inline: bool) -> FileResponse:
    """An uploaded file as the answer: a download, or shown in the tab if asked and an image."""
    show = inline and content_type in INLINE_TYPES
    response = FileResponse(
        file, content_type=content_type, as_attachment=not show, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = STORED_FILE_CSP
    return response
