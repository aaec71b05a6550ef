"""Downloads of a round's papers: the presentation schedule and the score sheets (a member's,
the committee's per unit and per round), as PDF, Word or Excel, each audited.

The round or entry comes through core.scope (another district's or province's is a 404). Who
reads which sheet is assessment.permissions': a member's own sheet; the combined sheets and
other members' for those who see every member's scores (can_see_all_scores); others get 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import translation

from assessment import permissions, print_documents
from assessment.models import Round, RoundUnit
from audit.downloads import export_download
from committees.models import Member
from core.downloads import CONTENT_TYPES
from core.scope import get_in_scope


def _round(request, pk: int) -> Round:
    return get_in_scope(
        request.user,
        Round.objects.select_related("programme_year__province", "committee", "district"),
        pk=pk,
    )


def _entry(request, pk: int) -> RoundUnit:
    return get_in_scope(
        request.user,
        RoundUnit.objects.select_related(
            "round__programme_year__province",
            "round__committee",
            "round__district",
            "unit__district",
            "unit__subdistrict",
            "unit__village",
        ),
        pk=pk,
    )


def _format(fmt: str) -> str:
    if fmt not in CONTENT_TYPES:
        raise Http404
    return fmt


def _download(request, content: bytes, filename: str, fmt: str, action: str, obj, **fields):
    round_ = obj if isinstance(obj, Round) else obj.round
    return export_download(
        actor=request.user,
        content=content,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
        action=action,
        obj=obj,
        district_id=round_.district_id or "",
        **fields,
    )


@login_required
def schedule_download(request, pk: int, fmt: str):
    """Whoever sees the round (its officers, its committee) prints its schedule."""
    fmt = _format(fmt)
    round_ = _round(request, pk)
    with translation.override("th"):  # official documents are always in Thai
        content, filename = print_documents.schedule(round_, fmt)
    return _download(
        request,
        content,
        filename,
        fmt,
        "export.presentation_schedule",
        round_,
        changes={"format": fmt},
    )


@login_required
def round_sheet_download(request, pk: int, fmt: str):
    fmt = _format(fmt)
    round_ = _round(request, pk)
    if not permissions.can_see_all_scores(request.user, round_):
        raise Http404
    with translation.override("th"):
        content, filename = print_documents.round_sheet(round_, fmt)
    return _download(
        request, content, filename, fmt, "export.round_score_sheet", round_, changes={"format": fmt}
    )


@login_required
def unit_sheet_download(request, pk: int, fmt: str):
    fmt = _format(fmt)
    entry = _entry(request, pk)
    if not permissions.can_see_all_scores(request.user, entry.round):
        raise Http404
    with translation.override("th"):
        made = print_documents.unit_sheet(entry, fmt)
    if made is None:  # no framework for the unit's type this year: nothing to score against
        raise Http404
    content, filename = made
    return _download(
        request,
        content,
        filename,
        fmt,
        "export.unit_score_sheet",
        entry,
        changes={"format": fmt},
        unit_id=entry.unit_id,
    )


@login_required
def member_sheet_download(request, pk: int, member_id: int, fmt: str):
    fmt = _format(fmt)
    entry = _entry(request, pk)
    round_ = entry.round
    member = Member.objects.filter(committee_id=round_.committee_id, pk=member_id).first()
    if member is None or not permissions.can_print_member_sheet(request.user, round_, member):
        raise Http404
    with translation.override("th"):
        made = print_documents.member_sheet(entry, member, fmt)
    if made is None:
        raise Http404
    content, filename = made
    return _download(
        request,
        content,
        filename,
        fmt,
        "export.member_score_sheet",
        entry,
        changes={"format": fmt, "member": member.pk},
        unit_id=entry.unit_id,
    )
