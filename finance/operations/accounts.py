"""A village's own sub-accounts (明细科目) under the standard chart; the accounts a register keeps; which bank
account serves which purpose."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import delete_as
from finance import queries, rules
from finance.models import BANK_CODE, Account, BankDesignation, BankPurpose, OpeningBalance, VoucherLine
from finance.operations._common import lock, resolve_account, save


@transaction.atomic
def add_sub_account(*, parent: Account, village, code: str, name: str, by, managed_by: str = "") -> Account:
    """A sub-account two digits longer than its parent (10201 under 102). A parent the village has already
    posted to may be subdivided too — a register needs its account under 501 in a village that has sold things
    for years. Its own history stays on it (posted books never change, R3): statements and the trial balance add
    the parent's own lines to its details', new postings go to the details, and the year-end close and a
    reversal settle what the parent itself still carries (`resolve_accounts(..., residual_parents=True)`)."""
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


@transaction.atomic
def managed_account(*, village, code: str, name: str, parent_code: str, book: str, by) -> Account:
    """The account register `book` keeps in the village's ledger (e.g. 30101 贫困户股金 of the share register):
    opened under the standard account `parent_code` the first time the register needs it, posted to only by
    the register from then on. Refused when the code is already taken by a hand-made account (or another
    register's): the township must sort the chart out first."""
    ledger = queries.ledger_of(village)
    account = Account.objects.filter(chart=ledger.chart, village=ledger.village_id, code=code).first()
    if account is not None:
        if account.managed_by != book:
            raise RuleViolation(Rule.LEDGER, _(
                "科目 %(a)s 已被手工设立或由其他台账使用,不能作为%(book)s台账科目;请镇财政所调整科目") % {
                "a": account, "book": book}, field="account")
        return account
    parent = Account.objects.get(chart=ledger.chart, village__isnull=True, code=parent_code)
    return add_sub_account(parent=parent, village=ledger.village, code=code, name=name, by=by, managed_by=book)


@transaction.atomic
def designate_bank_account(*, village, purpose: str, account, by) -> BankDesignation:
    """指定 which of the village's bank accounts (a leaf under 102, object or code) serves `purpose` (a
    BankPurpose); `finance.queries.bank_account` answers with it from then on. Township finance staff only; a
    new designation replaces the earlier one, which the history keeps."""
    ledger = queries.ledger_of(village)
    rules.require_township(by, ledger, _("指定银行账户用途"))
    ledger = lock(ledger)
    if purpose not in BankPurpose.values:
        raise RuleViolation(Rule.LEDGER, _("银行账户用途“%(p)s”不正确") % {"p": purpose}, field="purpose")
    account = resolve_account(ledger, account)
    if not account.code.startswith(BANK_CODE):
        raise RuleViolation(Rule.LEDGER, _("科目 %(a)s 不是银行存款科目(102)") % {"a": account}, field="account")
    row = (BankDesignation.objects.select_for_update().filter(ledger=ledger, purpose=purpose).first()
           or BankDesignation(ledger=ledger, purpose=purpose))
    row.account, row.designated_by = account, by
    return save(row, by)
