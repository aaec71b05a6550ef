"""Every export the system hands out is audited: who downloaded what, in which format, of
which district. Views call these instead of writing the audit row themselves, so no export
can leave without its row."""

from typing import Any

from django.db import models, transaction
from django.http import FileResponse, HttpResponse

from audit.services import log_action
from core.downloads import as_attachment, download


def export_download(
    *,
    actor,
    content: bytes,
    filename: str,
    content_type: str,
    action: str,
    obj: models.Model,
    **audit_fields: Any,
) -> HttpResponse:
    """The download of `content` as `filename`, after its audit row (`action` on `obj`, with
    log_action's other fields: changes, unit_id, district_id) is written."""
    # One row, so no savepoint is needed inside a caller's transaction.
    with transaction.atomic(savepoint=False):
        log_action(actor=actor, action=action, obj=obj, **audit_fields)
    return download(content, filename, content_type)


def export_file(
    *,
    actor,
    file,
    filename: str,
    content_type: str,
    action: str,
    obj: models.Model,
    **audit_fields: Any,
) -> FileResponse:
    """As export_download, for a stored file streamed from `file` (an open file object)."""
    with transaction.atomic(savepoint=False):
        log_action(actor=actor, action=action, obj=obj, **audit_fields)
    response = FileResponse(file, content_type=content_type)
    # as_attachment only sets headers, which a streamed response takes as well.
    as_attachment(response, filename)
    return response
