"""The unit status workflow: allowed moves in one table."""

from registration.models import Status

# Later stages (development, assessment, certification) extend this table.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.DOCUMENTS_RETURNED, Status.DOCUMENTS_COMPLETE, Status.WITHDRAWN},
    Status.DOCUMENTS_RETURNED: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.DOCUMENTS_COMPLETE: {Status.DOCUMENTS_RETURNED, Status.WITHDRAWN},
    Status.WITHDRAWN: {Status.DRAFT},
}

# Moves that need a reason from the user.
REASON_REQUIRED = {
    (Status.SUBMITTED, Status.DOCUMENTS_RETURNED),
    (Status.DOCUMENTS_COMPLETE, Status.DOCUMENTS_RETURNED),
    (Status.DRAFT, Status.WITHDRAWN),
    (Status.SUBMITTED, Status.WITHDRAWN),
    (Status.DOCUMENTS_RETURNED, Status.WITHDRAWN),
    (Status.DOCUMENTS_COMPLETE, Status.WITHDRAWN),
    (Status.WITHDRAWN, Status.DRAFT),
}

# Statuses in which the unit's data and documents may still be edited.
EDITABLE = {Status.DRAFT, Status.SUBMITTED, Status.DOCUMENTS_RETURNED}

# Statuses counted as applicants (for quotas and the applicant list).
APPLICANT_STATUSES = {Status.SUBMITTED, Status.DOCUMENTS_RETURNED, Status.DOCUMENTS_COMPLETE}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())
