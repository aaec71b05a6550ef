import pytest
from django.core.exceptions import ValidationError

from core.national_id import check_digit, is_valid_national_id, validate_national_id


def test_security_md_example_is_valid():
    assert is_valid_national_id("3100600445635")
    assert check_digit("310060044563") == 5


@pytest.mark.parametrize("value", ["3100600445636", "3100600445630", "1234567890123"])
def test_wrong_check_digit_is_refused_with_thai_message(value):
    assert not is_valid_national_id(value)
    with pytest.raises(ValidationError) as error:
        validate_national_id(value)
    assert "เลขตรวจสอบ" in error.value.messages[0]


@pytest.mark.parametrize("value", ["310060044563", "31006004456351", "31006OO445635", ""])
def test_wrong_length_or_letters_is_refused(value):
    assert not is_valid_national_id(value)
    with pytest.raises(ValidationError) as error:
        validate_national_id(value)
    assert "13 หลัก" in error.value.messages[0]


def test_dashes_and_spaces_are_accepted():
    assert is_valid_national_id("3-1006-00445-63-5")
    assert is_valid_national_id("3 1006 00445 63 5")


def test_check_digit_ten_wraps_to_zero():
    # S mod 11 == 1 gives 11 - 1 = 10, whose last digit (0) is the check digit.
    first_twelve = next(
        f"{n:012d}"
        for n in range(100000000000, 100000001000)
        if sum(int(d) * (13 - i) for i, d in enumerate(f"{n:012d}")) % 11 == 1
    )
    assert check_digit(first_twelve) == 0
    assert is_valid_national_id(first_twelve + "0")
