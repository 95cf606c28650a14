"""The check `finance.operations.close_period` makes before a month closes: every bank account that
reconciliation has begun on agrees with its statement, or carries a recorded explanation (R3)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.money import yuan
from finance.bank import queries
from finance.bank.models import BankStatement


def require_reconciled(period) -> None:
    ledger = period.ledger
    account_ids = set(BankStatement.objects.filter(ledger=ledger).filter(
        Q(year__lt=period.year) | Q(year=period.year, month__lte=period.month)).values_list("account_id", flat=True))
    if not account_ids:
        return
    for account in queries.bank_accounts(ledger):
        if account.pk not in account_ids:
            continue
        table = queries.reconcile(ledger, account, period.year, period.month)
        if table.agrees or table.notes:
            continue
        if table.statement is None:
            reason = _("本月银行对账单尚未导入")
        else:
            reason = _("调节后余额相差 %(d)s") % {"d": yuan(table.difference)}
        raise RuleViolation(Rule.R3, _(
            "R3 %(period)s 不能结账:%(account)s %(reason)s。请导入对账单并勾对,或在银行对账中填写差异说明") % {
            "period": period, "account": account, "reason": reason})
