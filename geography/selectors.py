"""Reads of the places the system knows that other apps use: the province's emblem, as the
document builders take it (documents/render.py and docx_common.add_emblem: image bytes)."""

from __future__ import annotations

import logging

from geography.models import ProvinceEmblem

logger = logging.getLogger(__name__)


def province_emblem(province_id: str | None) -> bytes | None:
    """The province's emblem image, or None when it has none: every document then leaves the
    emblem's space empty (docs/documents.md). The callers have fetched what they print through
    core.scope; the emblem itself is the province's letterhead, not personal data."""
    if not province_id:
        return None
    emblem = ProvinceEmblem.objects.filter(province_id=province_id).first()
    if emblem is None:
        return None
    try:
        with emblem.image.open("rb") as file:
            return file.read()
    except OSError:
        # A file lost from storage must not stop an order from printing: the space stays empty.
        logger.warning("emblem file missing for province %s", province_id)
        return None
