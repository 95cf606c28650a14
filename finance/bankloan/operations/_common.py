"""What the subsidised-loan operations share: the cooperative lock each takes first, and the ledger accounts the
register keeps (opened under the standard accounts of the village's chart the first time they are needed)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.limits import number_problem
from coop.models import Cooperative
from finance import operations as fin
from finance import queries as ledger_queries

BOOK = "贴息贷款"  # the register's name on the accounts only it may post to (Account.managed_by)

# purpose -> (sub-account code suffix, name, parent code in the 2023 chart, parent code in the 2004 chart)
ACCOUNTS = {
    "short_loan": ("11", "贴息贷款", "201", "201"),
    "long_loan": ("11", "贴息贷款", "221", "221"),
    "interest": ("11", "贴息贷款利息", "515", "551"),
    "penalty": ("12", "贴息贷款罚息", "515", "551"),
    "subsidy": ("11", "贴息补助", "503", "522"),
}


def lock_cooperative(cooperative) -> Cooperative:
    return Cooperative.objects.select_for_update(of=("self",)).select_related("village__township").get(
        pk=cooperative.pk)


def account(village, purpose: str, by):
    """The register's sub-account for `purpose` in the village's books (其他支出 is 515 in the 2023 chart and 551
    in the 2004 one), opened by `by` (township staff) when first needed — also under a standard account the
    village already posts to itself (503 补助收入 for every subsidy, say): its own history stays there."""
    suffix, name, parent_2023, parent_2004 = ACCOUNTS[purpose]
    parent = parent_2023 if ledger_queries.ledger_of(village).chart == "2023" else parent_2004
    return fin.managed_account(village=village, code=parent + suffix, name=name, parent_code=parent, book=BOOK, by=by)


def loan_account(loan, by):
    return account(loan.cooperative.village, "long_loan" if loan.is_long_term else "short_loan", by)


def bank(village):
    """R1: the loan's money goes through the village's basic bank account, never cash."""
    return ledger_queries.bank_account(village, ledger_queries.BankPurpose.BASIC)


def not_in_future(on, what: str) -> None:
    if on is None:
        raise RuleViolation(Rule.BANKLOAN, _("请填写%(what)s") % {"what": what}, field="on")
    if on > timezone.localdate():
        raise RuleViolation(Rule.BANKLOAN, _("%(what)s %(d)s 晚于今天") % {"what": what, "d": on}, field="on")


def positive(value, field: str, what: str):
    """A finite number within the ledger's digits (coop.limits: NaN, Infinity and 1E+30 are refused in words, not
    met by a comparison that raises) and above zero."""
    problem = number_problem(value, what)
    if problem:
        raise RuleViolation(Rule.BANKLOAN, problem, field=field)
    if value is None or Decimal(str(value)) <= 0:
        raise RuleViolation(Rule.BANKLOAN, _("%(what)s必须大于 0") % {"what": what}, field=field)
