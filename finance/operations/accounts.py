"""A village's own sub-accounts (明细科目) under the standard chart."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import delete_as
from finance import rules
from finance.models import Account, OpeningBalance, VoucherLine
from finance.operations._common import save


@transaction.atomic
def add_sub_account(*, parent: Account, village, code: str, name: str, by, managed_by: str = "") -> Account:
    """A sub-account two digits longer than its parent (10201 under 102). The parent must allow them and
    must not itself carry postings in this village, or its history would split across two levels."""
    rules.require_township_or_county(by, village, _("增设明细科目"))
    ledger = getattr(village, "ledger", None)
    code, name = (code or "").strip(), (name or "").strip()
    if not parent.allows_sub:
        raise RuleViolation(Rule.LEDGER, _("科目 %(p)s 不允许设置明细科目") % {"p": parent}, field="parent")
    if parent.village_id not in (None, village.pk):
        raise RuleViolation(Rule.LEDGER, _("上级科目 %(p)s 属于其他村") % {"p": parent}, field="parent")
    if ledger is not None and ledger.chart != parent.chart:
        raise RuleViolation(Rule.LEDGER, _("上级科目不属于本村账套使用的会计制度"), field="parent")
    if not re.fullmatch(re.escape(parent.code) + r"\d{2}", code):
        raise RuleViolation(Rule.LEDGER, _("明细科目代码应为上级科目代码 %(p)s 后加两位数字,如 %(p)s01") % {
            "p": parent.code}, field="code")
    if not name:
        raise RuleViolation(Rule.LEDGER, _("请填写科目名称"), field="name")
    if Account.objects.filter(chart=parent.chart, code=code).filter(village__isnull=True).exists() or \
            Account.objects.filter(chart=parent.chart, code=code, village=village).exists():
        raise RuleViolation(Rule.LEDGER, _("科目代码 %(code)s 已经存在") % {"code": code}, field="code")
    if VoucherLine.objects.filter(account=parent, voucher__ledger__village=village).exists() or \
            OpeningBalance.objects.filter(account=parent, ledger__village=village).exists():
        raise RuleViolation(Rule.LEDGER, _("科目 %(p)s 已有余额或发生额,不能再增设明细科目") % {"p": parent},
                            field="parent")
    return save(Account(chart=parent.chart, village=village, parent=parent, code=code, name=name,
                         category=parent.category, side=parent.side, allows_sub=not managed_by,
                         managed_by=managed_by), by)


@transaction.atomic
def rename_account(*, account: Account, name: str, by) -> Account:
    if account.is_standard:
        raise RuleViolation(Rule.LEDGER, _("标准科目不能修改"))
    rules.require_township_or_county(by, account.village, _("修改明细科目"))
    if not (name or "").strip():
        raise RuleViolation(Rule.LEDGER, _("请填写科目名称"), field="name")
    account.name = name.strip()
    return save(account, by)


@transaction.atomic
def remove_sub_account(*, account: Account, by) -> None:
    if account.is_standard:
        raise RuleViolation(Rule.LEDGER, _("标准科目不能删除"))
    rules.require_township_or_county(by, account.village, _("删除明细科目"))
    if account.managed_by:
        raise RuleViolation(Rule.LEDGER, _("科目 %(a)s 由%(book)s台账使用,不能删除") % {
            "a": account, "book": account.managed_by})
    if account.children.exists() or VoucherLine.objects.filter(account=account).exists() or \
            OpeningBalance.objects.filter(account=account).exists():
        raise RuleViolation(Rule.R3, _("R3 科目 %(a)s 已经使用,不能删除") % {"a": account})
    delete_as(account, by)
