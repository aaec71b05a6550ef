"""The committee member's scope as the models declare it and the assessment app registers it."""

import pytest

from committees import services
from committees.models import Committee, Kind, Member, MemberRole
from core import scope
from core.scope import visible_to
from programme.models import ProgrammeYear
from registration.models import Unit


@pytest.fixture
def member_of_two(pat, year):
    """One account on two committees of the same year (the provincial one and เมืองลำพูน's)."""
    services.committees_create_for_year(actor=pat, programme_year=year)
    committees = Committee.objects.filter(programme_year=year)
    provincial = committees.get(kind=Kind.PROVINCIAL_CERTIFICATION)
    user, _password = services.member_account_create(
        actor=pat, member=provincial.members.get(role=MemberRole.SECRETARY), username="cdo51"
    )
    second = committees.get(district_id="5101").members.get(role=MemberRole.CHAIR)
    Member.objects.filter(pk=second.pk).update(user=user)
    return user


def test_a_year_reached_through_two_committees_is_read_once(member_of_two, year):
    assert list(visible_to(member_of_two, ProgrammeYear)) == [year]
    assert visible_to(member_of_two, Committee).count() == 2


def test_without_a_registered_scope_a_member_reads_nothing(member_of_two, monkeypatch):
    assert visible_to(member_of_two, ProgrammeYear).exists()
    monkeypatch.setattr(scope, "_member_committees", None)
    monkeypatch.setattr(scope, "_committee_units", None)
    assert not visible_to(member_of_two, ProgrammeYear).exists()
    assert not visible_to(member_of_two, Committee).exists()
    assert not visible_to(member_of_two, Unit).exists()
