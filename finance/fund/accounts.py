"""The ledger accounts the fund keeps in its village's books (finance.operations.managed_account: opened the
first time they are needed, posted to only by the fund's operations). docs/design/fund.md says why each.

* the fund's bank account: the bank account the township designated for BankPurpose.FUND (R1: the fund's
  money moves only through the bank, never cash);
* loans out: 112 应收款 — 借出互助资金 (a receivable from the borrowing members);
* county capital and donations: 241 专项应付款 — money given for a special purpose that the village must
  account for and may not spend on anything else (the 2004 chart's note: "有接受国家拨入的具有专门用途的拨款的
  可增设241"; standard in the 2023 chart); fee income kept as capital joins them there;
* members' 互助金: 应付款 (211 in the 2023 chart, 202 in 2004) — owed back to the member who leaves, so a
  payable to that member, not the collective's special fund;
* 占用费 income: 501 经营收入 — income from a service the collective provides its members (S12's training
  ledger books it as 提供服务收入), the same code in both charts.
"""

from django.utils.translation import gettext as _

from finance import operations as fin
from finance import queries as ledger
from finance.fund.models import CapitalSource

BOOK = "互助资金"  # the ledger accounts only the fund's operations may post to (Account.managed_by)

LOANS_OUT = ("11221", "借出互助资金", "112")
FEE_INCOME = ("50121", "互助资金占用费收入", "501")
RETAINED_FROM = "3220105"  # 各项分配—其他分配: the year's fee income set aside as fund capital
CAPITAL = {
    CapitalSource.COUNTY_CAPITAL: ("24121", "互助资金—县级财政扶贫资金", "241"),
    CapitalSource.DONATION: ("24122", "互助资金—捐赠", "241"),
    CapitalSource.RETAINED_EARNINGS: ("24123", "互助资金—占用费留存", "241"),
}
MEMBER_CONTRIBUTIONS = {"2023": ("21121", "社员互助金", "211"), "2004": ("20221", "社员互助金", "202")}


def _keep(village, spec, by):
    code, name, parent = spec
    return fin.managed_account(village=village, code=code, name=name, parent_code=parent, book=BOOK, by=by)


def capital_spec(village, source: str) -> tuple[str, str, str]:
    if source == CapitalSource.MEMBER_CONTRIBUTION:
        return MEMBER_CONTRIBUTIONS[ledger.ledger_of(village).chart]
    return CAPITAL[CapitalSource(source)]


def capital_account(village, source: str, by):
    return _keep(village, capital_spec(village, source), by)


def loans_out_account(village, by):
    return _keep(village, LOANS_OUT, by)


def fee_income_account(village, by):
    return _keep(village, FEE_INCOME, by)


def bank(village):
    """R1: the fund's own bank account (refused, naming what to designate, when the village has several)."""
    return ledger.bank_account(village, ledger.BankPurpose.FUND)


def summary_of_source(source: str) -> str:
    return _("收到%(source)s") % {"source": CapitalSource(source).label}
