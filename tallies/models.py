"""The units counted ahead: how many units of a district-year sit in each combination of the
facts the start page and the dashboards count by (docs/tallies.md).

A unit is counted in exactly one `Tally` row, the one its `UnitTally` points at. The rows are
kept by tallies/services.py from the workflow's events; nothing else writes them.
"""

from django.db import models


class ProvinceYearPart(models.Model):
    """Where a kept count belongs: a province's programme year (its fiscal year and province
    copied in, so a country's or a province's sum needs no join) and a unit type."""

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.CASCADE, related_name="+"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    province = models.ForeignKey("geography.Province", on_delete=models.CASCADE, related_name="+")
    unit_type = models.CharField(max_length=20)

    class Meta:
        abstract = True

    scope_province_path = "province"


class DistrictYearPart(ProvinceYearPart):
    """The same, for one district of the province."""

    district = models.ForeignKey("geography.District", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    scope_district_path = "district"


class Tally(DistrictYearPart):
    """The number of units of one district-year with the same type, responsible developer,
    status, self-assessments, plan state and district round."""

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
    # Raised by every count that moves a unit of the year, and by a rebuild; never lowered, so
    # a figure cached under the sum of its years' versions is never read after a move
    # (dashboards/cache.py).
    version = models.BigIntegerField(default=1)


class TallyMark(models.Model):
    """A unit to count again: written in the transaction of the write that changed it (an
    outbox), deleted once counted."""

    unit_id = models.IntegerField()


class ChangeTally(ProvinceYearPart):
    """The before → after change's sums for one province-year and type (dashboards/selectors.py
    `change`): over the accepted units that finished both self-assessments, per phase and
    framework the number of units (`component_id` 0), and per component the points they scored
    (Σ indicator weight × level score). A unit adds to these rows when it has both finished and
    is accepted, and takes away what it added when it stops being accepted; its answers are
    frozen once finished, so nothing else changes them. Kept per province, not district: the
    country's year is a few thousand rows, and a district's change is counted from its units."""

    phase = models.CharField(max_length=10)
    # Plain numbers: a framework in use and its components are frozen (frameworks/models.py).
    framework_id = models.IntegerField()
    component_id = models.IntegerField(default=0)
    units = models.IntegerField(default=0)
    points = models.DecimalField(max_digits=16, decimal_places=4, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "unit_type", "phase", "framework_id", "component_id"],
                name="change_tally_one_row",
            )
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "province"], name="change_tally_year_province")
        ]


class DistrictTally(DistrictYearPart):
    """A district-year's figures for one type, as the dashboards show them (docs/dashboards.md):
    the sums of its `Tally` rows under each figure's condition (tallies.services.figures_of),
    kept with them, so a country's figures are a few thousand rows, not a row a unit."""

    registered = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    before_done = models.IntegerField(default=0)
    plan_approved = models.IntegerField(default=0)
    after_done = models.IntegerField(default=0)
    recommended = models.IntegerField(default=0)
    certified = models.IntegerField(default=0)
    assessed = models.IntegerField(default=0)
    submitted = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    certificates = models.IntegerField(default=0)
    revoked = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "district", "unit_type"], name="district_tally_one_row"
            )
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "province"], name="district_tally_year_province")
        ]
