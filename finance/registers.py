"""Business registers that keep ledger accounts of their own (Account.managed_by), such as the share
register (股金台账) keeping 30101–30103.

A register posts its movements through post_entry; what it carries over from paper books at the start of the
ledger it declares here, and the ledger takes those figures as the opening balances of the register's
accounts. So the opening balance sheet and the register's carried-over figures are one set of numbers: the
clerk never types them twice, and they cannot disagree when the first voucher is posted.
"""

from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.money import yuan

# book name -> function(ledger) -> [(account, debit, credit)] of the register's opening figures
_OPENINGS: dict[str, Callable] = {}


def declare_openings(book: str, openings: Callable) -> None:
    _OPENINGS[book] = openings


def opening_lines(ledger) -> list[tuple]:
    lines = []
    for openings in _OPENINGS.values():
        lines += [(account, Decimal(debit), Decimal(credit)) for account, debit, credit in openings(ledger)
                  if debit or credit]
    return lines


def included(lines) -> str:
    """Words for an imbalance message: which register figures were added to what the clerk entered."""
    if not lines:
        return ""
    return _("(已计入台账期初数:%(lines)s)") % {"lines": "、".join(
        f"{account} {_('贷') if credit else _('借')} {yuan(credit or debit)}" for account, debit, credit in lines)}


def check_openings_agree(ledger) -> None:
    """Before the first voucher is posted: the opening balances of every register's accounts must be what
    the registers carry over, or the register and the ledger would part company for good."""
    from finance.models import OpeningBalance

    expected = {account.pk: (account, debit, credit) for account, debit, credit in opening_lines(ledger)}
    entered = {row.account_id: row for row in OpeningBalance.objects.filter(
        ledger=ledger, account__managed_by__gt="").select_related("account")}
    for pk in expected.keys() | entered.keys():
        account, debit, credit = expected.get(pk, (None, Decimal("0"), Decimal("0")))
        row = entered.get(pk)
        if row is None or (row.debit, row.credit) != (debit, credit):
            account = account or row.account
            raise RuleViolation(Rule.LEDGER, _(
                "%(book)s台账的期初数(%(a)s 贷方 %(x)s)与期初余额(%(y)s)不一致:请镇财政所重新导入期初余额后再记账") % {
                "book": account.managed_by, "a": account, "x": yuan(credit - debit),
                "y": yuan(row.credit - row.debit) if row else _("未录入")})
