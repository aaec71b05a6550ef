"""The units counted ahead: how many units of a district-year sit in each combination of the
facts the start page and the dashboards count by (docs/tallies.md).

A unit is counted in exactly one `Tally` row, the one its `UnitTally` points at. The rows are
kept by tallies/services.py from the workflow's events; nothing else writes them.
"""

from django.db import models


class Tally(models.Model):
    """The number of units of one district-year with the same type, responsible developer,
    status, self-assessments, plan state and district round."""

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.CASCADE, related_name="+"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    province = models.ForeignKey("geography.Province", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("geography.District", on_delete=models.CASCADE, related_name="+")
    unit_type = models.CharField(max_length=20)
    # The responsible developer's user id, 0 for none: a plain number, so an account's removal
    # never touches a count (the developer's own figures match on the id).
    developer_id = models.IntegerField(default=0)
    status = models.CharField(max_length=30)
    before_done = models.BooleanField(default=False)
    # The plan's state once sent (submitted, returned, approved); "" before that.
    plan_state = models.CharField(max_length=10, blank=True, default="")
    after_done = models.BooleanField(default=False)
    # On a district committee's round.
    scheduled = models.BooleanField(default=False)
    # The unit's certificates, and how many of them were revoked (a revoked one may be replaced).
    certificates = models.PositiveSmallIntegerField(default=0)
    revoked = models.PositiveSmallIntegerField(default=0)
    units = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "programme_year",
                    "district",
                    "unit_type",
                    "developer_id",
                    "status",
                    "before_done",
                    "plan_state",
                    "after_done",
                    "scheduled",
                    "certificates",
                    "revoked",
                ],
                name="tally_one_row_per_facts",
            )
        ]
        indexes = [models.Index(fields=["fiscal_year", "province"], name="tally_year_province")]

    scope_district_path = "district"
    scope_province_path = "province"


class UnitTally(models.Model):
    """Where a unit is counted now."""

    unit = models.OneToOneField(
        "registration.Unit", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    tally = models.ForeignKey(Tally, on_delete=models.CASCADE, related_name="+")


class TallyYear(models.Model):
    """A programme year whose units have all been counted once (tallies.services.build)."""

    programme_year = models.OneToOneField(
        "programme.ProgrammeYear", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    built_at = models.DateTimeField(auto_now_add=True)


class TallyMark(models.Model):
    """A unit to count again: written in the transaction of the write that changed it (an
    outbox). Once counted it is kept a while (the newest mark's id is the version of every
    unit's facts, `services.version`) and deleted by the daily check."""

    unit_id = models.IntegerField()
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(counted_at__isnull=True),
                name="tally_mark_waiting",
            )
        ]
