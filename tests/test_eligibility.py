"""Each eligibility rule of docs/domain.md §3, its Thai message, and its per-year setting."""

import datetime as dt

import pytest

from programme.models import ProgrammeYear
from registration.eligibility import eligibility_problems
from registration.models import Unit

TODAY = dt.date.today()


def rules(**overrides):
    year = ProgrammeYear()
    for key, value in overrides.items():
        setattr(year, key, value)
    return year


def leader(**overrides):
    values = dict(
        unit_type="LEADER",
        domicile_years=5,
        community_work="ประธาน อช.",
        community_accepted=True,
        position_kind="FORMAL",
        position_title="ผู้ใหญ่บ้าน",
    )
    values.update(overrides)
    return Unit(**values)


def test_eligible_leader_has_no_problems():
    assert eligibility_problems(leader(), rules(), member_organisation_count=0) == []


@pytest.mark.parametrize("years", [None, 0])
def test_leader_domicile_at_least_one_year(years):
    problems = eligibility_problems(
        leader(domicile_years=years), rules(), member_organisation_count=0
    )
    assert problems == ["ผู้นำชุมชนต้องมีภูมิลำเนาอยู่ในชุมชนไม่น้อยกว่า 1 ปี"]


def test_leader_domicile_rule_follows_the_province_setting():
    problems = eligibility_problems(
        leader(domicile_years=2), rules(leader_min_domicile_years=3), member_organisation_count=0
    )
    assert problems == ["ผู้นำชุมชนต้องมีภูมิลำเนาอยู่ในชุมชนไม่น้อยกว่า 3 ปี"]
    assert (
        eligibility_problems(
            leader(domicile_years=0),
            rules(leader_min_domicile_years=0),
            member_organisation_count=0,
        )
        == []
    )


@pytest.mark.parametrize("overrides", [{"community_work": ""}, {"community_accepted": False}])
def test_leader_needs_continuous_accepted_community_work(overrides):
    problems = eligibility_problems(leader(**overrides), rules(), member_organisation_count=0)
    assert len(problems) == 1 and "ผลงานกิจกรรมร่วมกับชุมชน" in problems[0]
    assert (
        eligibility_problems(
            leader(**overrides),
            rules(leader_requires_community_work=False),
            member_organisation_count=0,
        )
        == []
    )


@pytest.mark.parametrize("overrides", [{"position_kind": ""}, {"position_title": " "}])
def test_leader_needs_a_formal_or_informal_position(overrides):
    problems = eligibility_problems(leader(**overrides), rules(), member_organisation_count=0)
    assert len(problems) == 1 and "ตำแหน่งเป็นทางการหรือไม่เป็นทางการ" in problems[0]


def test_informal_position_is_enough():
    assert (
        eligibility_problems(
            leader(position_kind="INFORMAL", position_title="แกนนำ"),
            rules(),
            member_organisation_count=0,
        )
        == []
    )


def test_group_needs_a_members_resolution():
    group = Unit(unit_type="GROUP", resolution_date=None)
    assert eligibility_problems(group, rules(), member_organisation_count=0) == [
        "ต้องมีมติของสมาชิกกลุ่ม/องค์กรชุมชนในการสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน"
    ]
    group.resolution_date = TODAY
    assert eligibility_problems(group, rules(), member_organisation_count=0) == []


def test_resolution_in_the_future_is_refused():
    group = Unit(unit_type="GROUP", resolution_date=TODAY + dt.timedelta(days=3))
    assert eligibility_problems(group, rules(), member_organisation_count=0) == [
        "วันที่มีมติสมัครต้องไม่เป็นวันในอนาคต"
    ]


def test_district_rule_group_active_for_a_year():
    young = Unit(
        unit_type="GROUP", resolution_date=TODAY, founded_on=TODAY - dt.timedelta(days=200)
    )
    assert eligibility_problems(young, rules(), member_organisation_count=0) == []
    assert eligibility_problems(
        young, rules(group_min_active_years=1), member_organisation_count=0
    ) == ["กลุ่ม/องค์กรชุมชนต้องดำเนินกิจกรรมมาแล้วไม่น้อยกว่า 1 ปี"]


def test_network_needs_resolution_and_member_organisations():
    network = Unit(unit_type="NETWORK", resolution_date=None)
    problems = eligibility_problems(network, rules(), member_organisation_count=1)
    assert problems == [
        "ต้องมีมติของสมาชิกเครือข่ายในการสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน",
        "เครือข่ายองค์กรชุมชนต้องมีองค์กรสมาชิกไม่น้อยกว่า 2 องค์กร",
    ]
    network.resolution_date = TODAY
    assert eligibility_problems(network, rules(), member_organisation_count=2) == []


def test_community_needs_boundary_and_assembly_resolution():
    community = Unit(unit_type="COMMUNITY", boundary_description="", assembly_resolution_date=None)
    assert eligibility_problems(community, rules(), member_organisation_count=0) == [
        "ชุมชนต้องมีอาณาเขตพื้นที่แน่นอน (ระบุอาณาเขต)",
        "ชุมชนต้องมีมติประชาคมในการสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน",
    ]
    relaxed = rules(community_requires_boundary=False, community_requires_assembly_resolution=False)
    assert eligibility_problems(community, relaxed, member_organisation_count=0) == []
