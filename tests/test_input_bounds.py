"""Input normalised and bounded (docs/security.md §9): every Unicode digit form read as ASCII,
numbers and dates within their domain, names without hidden characters. Each test fails
without its fix."""

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import DomainError
from core.national_id import normalise_national_id, validate_national_id
from core.text import ascii_digits, clean_name, clean_text
from geography.models import Subdistrict
from registration import services
from registration.models import Unit
from tests.conftest import group_data, leader_data, new_unit

ASCII_ID = "3100600445635"
THAI_ID = "๓๑๐๐๖๐๐๔๔๕๖๓๕"
FULL_WIDTH_ID = "３１００６００４４５６３５"
ARABIC_INDIC_ID = "٣١٠٠٦٠٠٤٤٥٦٣٥"
# 1101700207366 in full-width digits.
OTHER_FULL_WIDTH_ID = "１１０１７００２０７３６６"


def test_every_unicode_digit_form_becomes_ascii():
    assert ascii_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert ascii_digits("０１２３４５６７８９") == "0123456789"
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"  # Arabic-Indic
    assert ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"  # extended Arabic-Indic
    assert ascii_digits("०१२३४५६७८९") == "0123456789"  # Devanagari
    assert ascii_digits("หมู่ ๓ ถนน ABC") == "หมู่ 3 ถนน ABC"


@pytest.mark.parametrize("typed", [THAI_ID, FULL_WIDTH_ID, ARABIC_INDIC_ID, "๓-๑๐๐๖-๐๐๔๔๕-๖๓-๕"])
def test_national_id_in_any_digits_is_normalised_to_ascii(typed):
    assert normalise_national_id(typed) == ASCII_ID
    validate_national_id(typed)


def test_national_id_typed_in_thai_digits_is_stored_in_ascii(alice, year, village, client):
    client.force_login(alice)
    response = client.post(
        f"/units/new/LEADER/?year={year.pk}",
        {
            "person_title": "นาย",
            "first_name": "สมชาย",
            "last_name": "ใจงาม",
            "national_id": THAI_ID,
            "subdistrict": "510102",
            "privacy_notice": "on",
        },
    )
    assert response.status_code == 302
    assert year.units.get().national_id == ASCII_ID
    # The service normalises too, whatever calls it.
    unit = new_unit(alice, year, "LEADER", leader_data(village, national_id=OTHER_FULL_WIDTH_ID))
    assert unit.national_id.isascii()


def test_duplicate_rule_sees_a_thai_digit_copy_in_this_and_another_district(
    alice, charlie, year, leader, village
):
    with pytest.raises(services.DuplicateUnit):
        new_unit(alice, year, "LEADER", leader_data(village, national_id=THAI_ID))
    with pytest.raises(services.DuplicateUnit):
        new_unit(
            charlie,
            year,
            "LEADER",
            leader_data(
                village,
                national_id=FULL_WIDTH_ID,
                subdistrict=Subdistrict.objects.get(pk="510201"),
                village=None,
            ),
            district="5102",
        )
    assert Unit.objects.count() == 1


def test_search_finds_an_id_whatever_digits_it_was_typed_or_searched_in(
    alice, year, village, client
):
    thai = new_unit(alice, year, "LEADER", leader_data(village, national_id=THAI_ID))
    client.force_login(alice)
    body = client.get(f"/units/?year={year.pk}&q={ASCII_ID}").content.decode()
    assert thai.name in body
    body = client.get(f"/units/?year={year.pk}&q={ARABIC_INDIC_ID}").content.decode()
    assert thai.name in body
    body = client.get(f"/units/?year={year.pk}&q=3100600445630").content.decode()
    assert thai.name not in body


def test_a_national_id_as_member_count_is_refused_and_nothing_saved(alice, year, client):
    client.force_login(alice)
    fields = {
        "name": "กลุ่มสอง",
        "subdistrict": "510102",
        "category": "SAVINGS",
        "privacy_notice": "on",
    }
    response = client.post(
        f"/units/new/GROUP/?year={year.pk}", {**fields, "member_count": "3,100,600,445,636"}
    )
    assert "จำนวนสมาชิกต้องอยู่ระหว่าง 1 ถึง 100,000" in response.content.decode()
    assert not year.units.exists()
    # Thai digits with a thousands comma are read as the number they are.
    client.post(f"/units/new/GROUP/?year={year.pk}", {**fields, "member_count": "๑,๒๐๐"})
    assert year.units.get().member_count == 1200


@pytest.mark.parametrize(
    ("field", "value"),
    [("member_count", 3_100_600_445_636), ("member_count", 0), ("household_count", 100_001)],
)
def test_service_refuses_numbers_outside_their_bounds(alice, year, village, field, value):
    unit_type = "COMMUNITY" if field == "household_count" else "GROUP"
    data = group_data(village, **{field: value})
    with pytest.raises(DomainError) as error:
        new_unit(alice, year, unit_type, data)
    assert error.value.field == field and "ต้องอยู่ระหว่าง" in error.value.message
    assert not Unit.objects.exists()


def test_birth_date_of_today_is_refused(alice, year, village, client):
    today = timezone.localdate()
    with pytest.raises(DomainError) as error:
        new_unit(alice, year, "LEADER", leader_data(village, birth_date=today))
    assert error.value.field == "birth_date" and "วันเกิด" in error.value.message
    with pytest.raises(DomainError):  # before 1900
        new_unit(alice, year, "LEADER", leader_data(village, birth_date=dt.date(1899, 12, 31)))
    client.force_login(alice)
    response = client.post(
        f"/units/new/LEADER/?year={year.pk}",
        {
            "first_name": "สมชาย",
            "last_name": "ใจงาม",
            "subdistrict": "510102",
            "birth_date": f"{today.day:02d}/{today.month:02d}/{today.year + 543}",
        },
    )
    assert "วันเกิดต้องไม่หลังวันที่" in response.content.decode()
    assert not Unit.objects.exists()


def test_founding_date_before_2400_be_is_refused(alice, year, village):
    with pytest.raises(DomainError) as error:
        new_unit(alice, year, "GROUP", group_data(village, founded_on=dt.date(1850, 1, 1)))
    assert error.value.field == "founded_on"


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u200f", "\u061c", "\x1b"])
def test_hidden_characters_in_a_unit_name_are_refused(alice, year, village, client, hidden):
    client.force_login(alice)
    response = client.post(
        f"/units/new/GROUP/?year={year.pk}",
        {
            "name": f"กลุ่ม{hidden}ออมทรัพย์",
            "subdistrict": "510102",
            "category": "SAVINGS",
            "privacy_notice": "on",
        },
    )
    assert "อักขระกำหนดทิศทางข้อความ" in response.content.decode()
    with pytest.raises(DomainError) as error:
        new_unit(alice, year, "GROUP", group_data(village, name=f"กลุ่ม{hidden}ออมทรัพย์"))
    assert error.value.field == "name"
    with pytest.raises(DomainError) as error:
        new_unit(alice, year, "LEADER", leader_data(village, last_name=f"ใจ{hidden}งาม"))
    assert error.value.field == "last_name"
    assert not Unit.objects.exists()


def test_a_hidden_character_in_a_team_line_is_refused(alice, year, village):
    with pytest.raises(DomainError) as error:
        new_unit(
            alice,
            year,
            "GROUP",
            group_data(village),
            team="นายหนึ่ง ใจดี, ประธาน\nนาย\u202eสอง, เลขานุการ",
        )
    assert error.value.field == "team"


def test_zero_width_space_is_removed_from_names_so_duplicates_are_caught(alice, year, village):
    assert clean_name("กลุ่ม\u200bออม") == "กลุ่มออม"
    new_unit(alice, year, "GROUP", group_data(village))
    with pytest.raises(services.DuplicateUnit):
        new_unit(
            alice, year, "GROUP", group_data(village, name="กลุ่มออมทรัพย์\u200bเพื่อการผลิตบ้านท่าขาม")
        )


def test_free_text_loses_bidirectional_controls():
    assert clean_text("ประวัติ\u202eกลุ่ม\n\tบรรทัดสอง") == "ประวัติกลุ่ม\n\tบรรทัดสอง"


def test_certificate_date_in_2699_is_refused(pat, year, client):
    client.force_login(pat)
    url = f"/certificates/year/{year.pk}/settings/"
    response = client.post(
        url, {"number_prefix": "ลพ", "issued_on": "15/05/2699", "expected_version": 1}
    )
    assert "ให้ไว้ ณ วันที่ต้องไม่หลังวันที่" in response.content.decode()
    from certification import services as certification_services

    assert certification_services.settings_for(year).issued_on is None
    response = client.post(
        url, {"number_prefix": "ลพ", "signer_name": "นาย\u202eวีระ", "expected_version": 1}
    )
    assert "อักขระกำหนดทิศทางข้อความ" in response.content.decode()
    assert "\u202e" not in certification_services.settings_for(year).signer_name


def test_announcement_date_in_2699_and_a_hidden_character_are_refused(pat, year):
    from certification import announcement
    from tests.factories import announcement_values as values

    with pytest.raises(DomainError) as error:
        announcement._checked(year, values(announced_on=dt.date(2699 - 543, 1, 1)), issue=True)
    assert error.value.field == "announced_on"
    with pytest.raises(DomainError) as error:
        announcement._checked(year, values(signer_name="นาย\u202eวรพจน์"), issue=True)
    assert error.value.field == "signer_name"


def test_committee_order_dates_and_member_names_are_checked(pat, year):
    from committees import services as committee_services
    from committees.models import Committee
    from tests.factories import order_values

    if not Committee.objects.filter(programme_year=year).exists():
        committee_services.committees_create_for_year(actor=pat, programme_year=year)
    committee = Committee.objects.filter(programme_year=year).first()
    assert committee is not None
    with pytest.raises(DomainError) as error:
        committee_services.committee_update(
            actor=pat,
            committee=committee,
            values=order_values(committee, signed_on=dt.date(2699 - 543, 1, 11)),
            expected_version=committee.version,
        )
    assert error.value.field == "signed_on"
    with pytest.raises(DomainError) as error:
        committee_services.committee_update(
            actor=pat,
            committee=committee,
            values=order_values(committee, signer_name="นาย\u202eวรพจน์"),
            expected_version=committee.version,
        )
    assert error.value.field == "signer_name"


def test_user_display_name_refuses_an_override(admin_user):
    from accounts import services as account_services

    with pytest.raises(DomainError) as error:
        account_services.user_create(
            actor=admin_user,
            username="eve",
            role="ADMIN",
            first_name="อี\u202eฟ",
            last_name="ทดสอบ",
        )
    assert error.value.field == "first_name"


def test_programme_calendar_and_rules_are_bounded(pat, year):
    from programme.services import programme_year_update

    with pytest.raises(DomainError) as error:
        programme_year_update(
            actor=pat,
            year=year,
            values={"results_due": dt.date(2699 - 543, 9, 30)},
            expected_version=year.version,
        )
    assert error.value.field == "results_due" and "ต้องไม่หลังวันที่" in error.value.message
    with pytest.raises(DomainError) as error:
        programme_year_update(
            actor=pat,
            year=year,
            values={"network_min_member_organisations": 3_100_600_445_636},
            expected_version=year.version,
        )
    assert error.value.field == "network_min_member_organisations"
    year.refresh_from_db()
    assert year.results_due.year < 2100 and year.network_min_member_organisations < 1000
