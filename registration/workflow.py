"""The unit status workflow: allowed moves in one table."""

from registration.models import Status

# Later stages (development, assessment, certification) extend this table.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.DOCUMENTS_RETURNED, Status.DOCUMENTS_COMPLETE, Status.WITHDRAWN},
    Status.DOCUMENTS_RETURNED: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.DOCUMENTS_COMPLETE: {
        Status.DOCUMENTS_RETURNED,
        Status.WITHDRAWN,
        Status.RECOMMENDED,
        Status.NOT_RECOMMENDED,
    },
    Status.WITHDRAWN: {Status.DRAFT},
    # Stage 5. The backward moves reopen a decision; they need a reason (below).
    Status.RECOMMENDED: {Status.CERTIFIED, Status.NOT_CERTIFIED, Status.DOCUMENTS_COMPLETE},
    Status.NOT_RECOMMENDED: {Status.DOCUMENTS_COMPLETE},
    Status.CERTIFIED: {Status.RECOMMENDED},
    Status.NOT_CERTIFIED: {Status.RECOMMENDED},
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
    # Reopening a committee's decision.
    (Status.RECOMMENDED, Status.DOCUMENTS_COMPLETE),
    (Status.NOT_RECOMMENDED, Status.DOCUMENTS_COMPLETE),
    (Status.CERTIFIED, Status.RECOMMENDED),
    (Status.NOT_CERTIFIED, Status.RECOMMENDED),
}

# Statuses in which the unit's data and documents may still be edited.
EDITABLE = {Status.DRAFT, Status.SUBMITTED, Status.DOCUMENTS_RETURNED}

# Applicants whose documents were checked and accepted: they stay on the applicant list, in the
# development stages' lists and reports, whatever the committees later decided.
ACCEPTED_STATUSES = {
    Status.DOCUMENTS_COMPLETE,
    Status.RECOMMENDED,
    Status.NOT_RECOMMENDED,
    Status.CERTIFIED,
    Status.NOT_CERTIFIED,
}

# The units the district committee recommended to the province, whatever the province decided.
RECOMMENDED_STATUSES = {Status.RECOMMENDED, Status.CERTIFIED, Status.NOT_CERTIFIED}

# Statuses counted as applicants (for quotas).
APPLICANT_STATUSES = {Status.SUBMITTED, Status.DOCUMENTS_RETURNED} | ACCEPTED_STATUSES

# Units with a final result (the pass rate's denominator): certified, not certified, or not
# recommended by the district committee (documents/year_end_report.py StageCounts.assessed).
ASSESSED_STATUSES = {Status.CERTIFIED, Status.NOT_CERTIFIED, Status.NOT_RECOMMENDED}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())
