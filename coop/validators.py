"""Checks for identifiers that the stock validators get wrong for village organisations."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

# GB 32100-2015: position 1 registration authority, 2 organisation kind, 3-8 region, 9-17 subject, 18 check.
# stdnum's validate() insists on digits in positions 1-8, which refuses every N2 (村级集体经济组织) code.
_USCC_PATTERN = re.compile(r"^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$")


def validate_org_credit_code(value: str) -> None:
    """Accept any unified social credit code, village collective codes (N1/N2/N3…) included."""
    code = uscc.compact(value or "")
    if not _USCC_PATTERN.match(code):
        raise ValidationError(_("统一社会信用代码格式不正确:应为18位数字或大写字母(不含 I、O、Z、S、V)"),
                              code="credit_code_format")
    if uscc.calc_check_digit(code[:-1]) != code[-1]:
        raise ValidationError(_("统一社会信用代码校验位不正确"), code="credit_code_checksum")


def bank_account_number(value) -> str | None:
    """A bank account or card number as typed (spaces dropped), or None when it is not one: 8 to 30 digits. Money
    paid to a villager goes to such an account, never in cash (R1); the callers word the refusal for their own
    payment."""
    account = "".join(str(value or "").split())
    return account if account.isdigit() and 8 <= len(account) <= 30 else None
