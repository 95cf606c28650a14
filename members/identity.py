"""Members' resident identity card numbers (GB 11643-1999) and agribusiness enterprises' credit codes (GB 32100-2015).

python-stdnum's ``cn.ric`` does the checking; this module turns its terse exceptions into messages a village
bookkeeper can act on, and adds what stdnum leaves out: a clear refusal of 15-digit numbers, birth-date
plausibility, and the expected check digit in the checksum message.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from coop.masking import mask_id
from coop.roles import Role
from coop.validators import validate_org_credit_code

# 17 ASCII digits and a check character; re.ASCII so that \d does not let other scripts' digits through.
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_FIRST_GENERATION = re.compile(r"^\d{15}$", re.ASCII)
_EARLIEST_BIRTH_YEAR = 1900


def normalize_id_number(value: str) -> str:
    """The stored form of an ID number: no whitespace, check character 'X' in upper case.

    Numbers are typed in by hand from paper rosters, often with a Chinese input method switched on, so full-width
    digits, a full-width 'ｘ' and ideographic spaces (U+3000) turn up; NFKC folds them to ASCII before the
    whitespace is dropped. Storing one form keeps the uniqueness check honest ('…001x' and '…001X' are one person).
    """
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(value.split()).upper()


def _birthplace_was_in_use(number: str, year: int) -> bool:
    """Whether the 6-digit address code is in stdnum's county database and had not been retired before ``year``.

    stdnum also refuses a code created *after* the birth year, but the address code is the one in force when the
    number was first assigned — for everyone born before the mid-1980s that is years after birth. Under stdnum's
    rule a member born in 1950 in 德安县 (360426, code in use since 1983) would be refused, so that direction is
    not enforced here. A code retired before the person was born can never have been assigned to them.
    """
    info = {key: val for _part, props in numdb.get("cn/loc").info(number[:6]) for key, val in props.items()}
    for county in filter(None, info.get("county", "").split(",")):
        if not county.startswith("["):
            return True
        window, _name = county[1:].split("]", 1)
        _start, end = window.split("-")
        if not end or year <= int(end):
            return True
    return False


def validate_id_number(value: str) -> None:
    """Django validator for a 18-digit resident identity card number (居民身份证号码).

    Each failure has its own ``code`` so that forms and imports can tell them apart. Checks, in order: present,
    not a 15-digit first-generation number, 18 characters, digits with a final digit or X, the MOD 11-2 check
    digit, a real calendar date, a known birthplace code, and a birth date between 1900-01-01 and today.
    """
    number = normalize_id_number("" if value is None else str(value))
    if not number:
        raise ValidationError(_("请填写身份证号"), code="id_number_empty")
    if _FIRST_GENERATION.match(number):
        raise ValidationError(_("15位的第一代身份证号已停止使用,请使用18位身份证号"), code="id_number_first_generation")
    if len(number) != 18:
        raise ValidationError(_("身份证号应为18位,当前为%(length)d位"), code="id_number_length",
                              params={"length": len(number)})
    if not _ID_PATTERN.match(number):
        raise ValidationError(_("身份证号格式不正确:前17位应为数字,最后一位为数字或X"), code="id_number_format")
    try:
        ric.validate(number)
    except InvalidLength as error:  # unreachable after the checks above; kept so a stdnum change cannot slip by
        raise ValidationError(_("身份证号应为18位,当前为%(length)d位"), code="id_number_length",
                              params={"length": len(number)}) from error
    except InvalidFormat as error:
        raise ValidationError(_("身份证号格式不正确:前17位应为数字,最后一位为数字或X"),
                              code="id_number_format") from error
    except InvalidChecksum as error:
        # stdnum's calc_check_digit takes the whole 18 characters and ignores the last one.
        raise ValidationError(_("身份证号校验码不正确:按GB 11643计算,最后一位应为%(expected)s,实际为%(actual)s"),
                              code="id_number_checksum",
                              params={"expected": ric.calc_check_digit(number), "actual": number[-1]}) from error
    except InvalidComponent as error:
        try:
            born = ric.get_birth_date(number)
        except InvalidComponent:
            raise ValidationError(_("身份证号中的出生日期%(digits)s不是有效日期"), code="id_number_birth_date",
                                  params={"digits": number[6:14]}) from error
        if not _birthplace_was_in_use(number, born.year):
            raise ValidationError(_("身份证号的出生地代码无效:%(code)s 不在行政区划代码库中,或在出生年份之前已撤销"),
                                  code="id_number_birthplace", params={"code": number[:6]}) from error
    born = ric.get_birth_date(number)
    if born > timezone.localdate():
        raise ValidationError(_("身份证号中的出生日期%(date)s晚于今天"), code="id_number_birth_date_future",
                              params={"date": born.isoformat()})
    if born.year < _EARLIEST_BIRTH_YEAR:
        raise ValidationError(_("身份证号中的出生日期%(date)s早于1900年"), code="id_number_birth_date_too_early",
                              params={"date": born.isoformat()})


def birth_date(id_number: str) -> datetime.date:
    """The birth date (positions 7-14, YYYYMMDD) of a number that has passed ``validate_id_number``."""
    return ric.get_birth_date(normalize_id_number(id_number))


def sex(id_number: str) -> str:
    """"male" or "female" from the 顺序码 (positions 15-17): odd for men, even for women (GB 11643 §5.3).

    Only the parity matters, so the 17th character alone decides. Assumes a valid number.
    """
    return "male" if int(normalize_id_number(id_number)[16]) % 2 else "female"


_MOBILE = re.compile(r"^1\d{10}$", re.ASCII)


def validate_phone(value: str) -> None:
    """A mainland mobile number: 11 digits starting with 1 (what the village rosters record)."""
    if value and not _MOBILE.match(value):
        raise ValidationError(_("手机号“%(v)s”应为 11 位数字,以 1 开头"), code="phone", params={"v": value})


FIRST_EXIT_YEAR = 2014  # 精准扶贫 registration began in 2014


def validate_exit_year(value) -> None:
    """脱贫年度: from the first year of the registration to this year."""
    this_year = timezone.localdate().year
    if value is not None and not FIRST_EXIT_YEAR <= value <= this_year:
        raise ValidationError(_("脱贫年度 %(y)s 不在 %(a)s—%(b)s 年之间"), code="exit_year",
                              params={"y": value, "a": FIRST_EXIT_YEAR, "b": this_year})


def validate_enterprise_credit_code(value: str) -> None:
    """Django validator for an agribusiness enterprise's (涉农企业) unified social credit code.

    Format and check character are checked by ``coop.validators.validate_org_credit_code``. A code whose
    registration authority is 'N' (农业农村部门) belongs to a rural collective economic organisation — typically
    the village's own code typed in the wrong field — not to an enterprise registered with 市场监管, so it is refused.
    """
    validate_org_credit_code(value)
    if uscc.compact(value or "").startswith("N"):
        raise ValidationError(
            _("这是农村集体经济组织的统一社会信用代码(以N开头,由农业农村部门赋码)。"
              "涉农企业请填写市场监管部门核发的企业统一社会信用代码(通常以9开头)"),
            code="enterprise_credit_code_collective")


# Who reads an ID number whole in an export or a print. The township officer keeps the roster (村财镇管) and the
# county administrator keeps the county's users and records; the chairman registers his village's people
# himself and prints their share certificates (股权证), which carry the whole number — masking his own roster
# would only send him to a copy kept outside the system. Auditors and inspectors check records against people,
# for which the birthplace and the last four digits suffice; a whole number in their spreadsheets would be
# one more copy of every villager's identity leaving the township.
WHOLE_ID_NUMBER_ROLES = frozenset({Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN, Role.CHAIRMAN})


def reads_whole_id_numbers(user) -> bool:
    """Whether `user` reads ID numbers whole: the roles above, and a superuser without a role."""
    role = getattr(user, "role", None)
    return role in WHOLE_ID_NUMBER_ROLES or (getattr(user, "is_superuser", False) and not role)


def masked(id_number: str) -> str:
    """The ID number as lists and prints show it: birthplace and last four, the birth date hidden."""
    return mask_id(id_number)


def id_number_for(user, person) -> str:
    """The person's ID number as `user` may read it in an export, a print or a page: whole when
    `reads_whole_id_numbers(user)`, else masked (``Person.masked_id``), also when no user is known. Which rows
    the user sees at all is decided by coop.access; this decides only how much of the number. `person` is
    anything with an `id_number`: a Person, or a row of a file not yet imported."""
    return person.id_number if reads_whole_id_numbers(user) else masked(person.id_number)
