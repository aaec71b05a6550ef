"""What a committee member may read, as the scope mechanism needs it (registered into
core.scope by AssessmentConfig.ready: core imports no domain app)."""

from django.db.models import QuerySet

from assessment.models import RoundUnit
from committees.models import Committee
from registration.models import Unit
from registration.workflow import ACCEPTED_STATUSES


def member_committees(user) -> QuerySet:
    """The pks of the committees the user sits on."""
    return Committee.objects.filter(members__user=user).values("pk")


def committee_units(committees: QuerySet) -> QuerySet:
    """The pks of the units the committees may assess now: on the schedule of one of their
    rounds, while the unit stays accepted (documents complete, and on through the committees'
    decisions)."""
    on_their_rounds = RoundUnit.objects.filter(round__committee__in=committees).values("unit_id")
    return Unit.objects.filter(pk__in=on_their_rounds, status__in=ACCEPTED_STATUSES).values("pk")
