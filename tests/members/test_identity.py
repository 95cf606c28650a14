"""members.identity: ID numbers (GB 11643-1999) and enterprise credit codes (GB 32100-2015), no database needed.

Vectors come from REFERENCE-ACCOUNTS.md §6 (python-stdnum's own doctests and the standards' examples)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric, uscc

from members.identity import (
    birth_date,
    normalize_id_number,
    sex,
    validate_enterprise_credit_code,
    validate_id_number,
)

GB_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def gb11643_check(body17):
    """The check character by the standard's own table (ISO 7064 MOD 11-2), independent of stdnum."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(body17, GB_WEIGHTS, strict=True)) % 11]


def with_check(body17):
    # stdnum's calc_check_digit wants all 18 characters and ignores the last one.
    return body17 + ric.calc_check_digit(body17 + "X")


FUTURE = with_check("3604262099" + "0101" + "007")
BEFORE_1900 = with_check("110101" + "18991231" + "007")  # 东城区 has no start year in stdnum's database
VILLAGE_CODE = "N2610729MA0000001" + uscc.calc_check_digit("N2610729MA0000001")

VALID = [
    # (input, normalized, birth date, sex)
    ("360426199101010071", "360426199101010071", datetime.date(1991, 1, 1), "male"),
    ("44011320141005001x", "44011320141005001X", datetime.date(2014, 10, 5), "male"),
    ("11010519491231002X", "11010519491231002X", datetime.date(1949, 12, 31), "female"),
    ("110102199101010078", "110102199101010078", datetime.date(1991, 1, 1), "male"),
    ("412723199010050012", "412723199010050012", datetime.date(1990, 10, 5), "male"),
    ("120110198012010073", "120110198012010073", datetime.date(1980, 12, 1), "male"),  # 东郊区, renamed 东丽区 1992
    (" 1101 0519 4912 3100 2x ", "11010519491231002X", datetime.date(1949, 12, 31), "female"),
    ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", datetime.date(1949, 12, 31), "female"),  # full-width
    # Born before 德安县's code (360426, in use from 1983) existed: stdnum refuses these, real cards carry them.
    ("360426195001010076", "360426195001010076", datetime.date(1950, 1, 1), "male"),
    ("110111198012010078", "110111198012010078", datetime.date(1980, 12, 1), "male"),  # 房山区, code from 1986
]

INVALID = [
    # (input, code, words the message must contain)
    ("T60426199101010078", "id_number_format", "格式不正确"),
    ("36042619910101007A", "id_number_format", "格式不正确"),
    ("360426199113010079", "id_number_birth_date", "19911301"),
    ("36042619910102009X", "id_number_checksum", "应为" + gb11643_check("36042619910102009")),
    ("360426199101010072", "id_number_checksum", "应为1"),
    ("990426199112010074", "id_number_birthplace", "出生地代码无效"),
    ("110201199312010077", "id_number_birthplace", "出生地代码无效"),  # 昌平县 code retired after 1982
    ("110101491001001", "id_number_first_generation", "请使用18位身份证号"),
    ("", "id_number_empty", "身份证号"),
    ("   ", "id_number_empty", "身份证号"),
    (None, "id_number_empty", "身份证号"),
    ("12345", "id_number_length", "18位"),
    (12345, "id_number_length", "18位"),
    ("3604261991010100711", "id_number_length", "当前为19位"),
    (FUTURE, "id_number_birth_date_future", "晚于今天"),
    (BEFORE_1900, "id_number_birth_date_too_early", "早于1900年"),
    # The GB 11643 example: 440524 (潮阳县) is in stdnum's database, but only for 1983-1993, so the 1880 birth
    # date is what is wrong with it.
    ("440524188001010014", "id_number_birth_date_too_early", "早于1900年"),
]


def refusal(validator, value):
    with pytest.raises(ValidationError) as caught:
        validator(value)
    error = caught.value
    return error.code, error.messages[0]


@pytest.mark.parametrize(("value", "normalized", "born", "gender"), VALID)
def test_valid_numbers_pass_and_decode(value, normalized, born, gender):
    validate_id_number(value)
    assert normalize_id_number(value) == normalized
    assert birth_date(value) == born
    assert sex(value) == gender


@pytest.mark.parametrize(("value", "code", "words"), INVALID)
def test_invalid_numbers_are_refused_with_a_reason(value, code, words):
    got_code, message = refusal(validate_id_number, value)
    assert got_code == code
    assert words in message, message


def test_the_checksum_message_names_the_expected_digit():
    expected = gb11643_check("36042619910102009")
    assert expected == ric.calc_check_digit("36042619910102009X")  # the 18-character calling convention
    _code, message = refusal(validate_id_number, "36042619910102009X")
    assert f"应为{expected}" in message and "实际为X" in message


def test_the_constructed_vectors_fail_only_where_intended():
    # Correct check characters, so the future/pre-1900 refusals are about the date and nothing else.
    assert FUTURE[-1] == gb11643_check(FUTURE[:17]) and ric.is_valid(FUTURE)
    assert BEFORE_1900[-1] == gb11643_check(BEFORE_1900[:17]) and ric.is_valid(BEFORE_1900)
    assert ric.calc_check_digit("440524188001010014") == "4"


def test_the_standard_examples_check_digits():
    assert gb11643_check("11010519491231002") == "X"
    assert gb11643_check("44052418800101001") == "4"


def test_sex_follows_the_parity_of_the_sequence_code():
    assert sex("11010519491231002X") == "female"  # 顺序码 002
    assert sex("360426199101010071") == "male"  # 顺序码 007
    assert sex(with_check("11010519491231003")) == "male"
    assert sex(with_check("11010519491231008")) == "female"


def test_normalize_only_drops_whitespace_and_upper_cases():
    assert normalize_id_number("44011320141005001x") == "44011320141005001X"
    assert normalize_id_number("\t440113 20141005 001x\n") == "44011320141005001X"
    assert normalize_id_number("") == ""


@pytest.mark.parametrize("value", ["91110000600037341L", "91 110000 600037341L", "121200004013590816",
                                   "91310115MA1K3BTP2B"])
def test_enterprise_codes_pass(value):
    validate_enterprise_credit_code(value)


def test_a_village_collective_code_is_refused_as_an_enterprise_code():
    from coop.validators import validate_org_credit_code

    validate_org_credit_code(VILLAGE_CODE)  # a perfectly valid code…
    code, message = refusal(validate_enterprise_credit_code, VILLAGE_CODE)  # …but not an enterprise's
    assert code == "enterprise_credit_code_collective"
    assert "涉农企业" in message and "9开头" in message


@pytest.mark.parametrize(("value", "code"), [
    ("91110000600037341N", "credit_code_checksum"),
    ("12345", "credit_code_format"),
    ("9111000060003IOZSV", "credit_code_format"),
    ("", "credit_code_format"),
])
def test_malformed_enterprise_codes_are_refused(value, code):
    assert refusal(validate_enterprise_credit_code, value)[0] == code
