"""The county's policy, the loan contract, and the principal that moves: a drawdown or a repayment is recorded by
the village and approved by the township (R2, coop.approvals), whose approval posts its voucher."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.role_checks import require_scope
from coop.roles import Role
from finance import operations as fin
from finance.bankloan import interest, queries
from finance.bankloan.models import BankLoan, Drawdown, PrincipalRepayment, SubsidyPolicy
from finance.bankloan.operations._common import BOOK, bank, loan_account, lock_cooperative, not_in_future, positive
from finance.operations import require_village_hand


@transaction.atomic
def set_policy(*, county, effective_from: date, method: str, max_principal: Decimal, by,
               subsidy_rate: Decimal = Decimal("100"), points: Decimal = Decimal("0"),
               claim_period: str = SubsidyPolicy.ClaimPeriod.QUARTERLY, max_term_months: int = 36,
               note: str = "") -> SubsidyPolicy:
    """A new version of the county's 贴息 policy from `effective_from`: the county administrator's alone. Earlier
    versions stay and keep applying to the periods before it."""
    if by.role != Role.COUNTY_ADMIN:
        raise RuleViolation(Rule.R2, _("R2 权限:只有县级管理员可以设定贴息政策"))
    require_scope(by, county, _("设定贴息政策"))
    if method not in SubsidyPolicy.Method.values:
        raise RuleViolation(Rule.BANKLOAN, _("贴息方式不正确"), field="method")
    positive(max_principal, "max_principal", _("贴息本金上限"))
    if method == SubsidyPolicy.Method.POINTS:
        positive(points, "points", _("贴息点数"))
    else:
        positive(subsidy_rate, "subsidy_rate", _("贴息比例"))
    if SubsidyPolicy.objects.filter(county=county, effective_from=effective_from).exists():
        raise RuleViolation(Rule.BANKLOAN, _("本县 %(d)s 已有一版贴息政策") % {"d": effective_from},
                            field="effective_from")
    return save_as(SubsidyPolicy(county=county, effective_from=effective_from, method=method,
                                 subsidy_rate=subsidy_rate, points=points, claim_period=claim_period,
                                 max_principal=max_principal, max_term_months=max_term_months,
                                 note=(note or "").strip()[:200]), by)


@transaction.atomic
def register_loan(*, cooperative, bank: str, contract_number: str, principal: Decimal, annual_rate: Decimal,
                  term_months: int, signed_on: date, by, maturity: date | None = None,
                  settlement: str = BankLoan.Settlement.QUARTERLY, penalty_markup: Decimal = Decimal("50"),
                  purpose: str = "", compound_interest: bool = False) -> BankLoan:
    """登记 a loan contract. Nothing posts: money moves with the drawdowns. Maturity defaults to the term's end.
    `compound_interest`: the contract charges 复利 on interest unpaid after its settlement day (interest.py)."""
    require_village_hand(by, cooperative, _("登记贴息贷款"))
    cooperative = lock_cooperative(cooperative)
    bank, contract_number = (bank or "").strip(), (contract_number or "").strip()
    if not bank or not contract_number:
        raise RuleViolation(Rule.BANKLOAN, _("请填写贷款银行和借款合同编号"), field="contract_number")
    positive(principal, "principal", _("合同金额"))
    positive(annual_rate, "annual_rate", _("年利率"))
    if not term_months or term_months < 1:
        raise RuleViolation(Rule.BANKLOAN, _("期限必须至少 1 个月"), field="term_months")
    not_in_future(signed_on, _("合同签订日"))
    maturity = maturity or interest.add_months(signed_on, term_months)
    if maturity <= signed_on:
        raise RuleViolation(Rule.BANKLOAN, _("到期日必须晚于合同签订日"), field="maturity")
    if BankLoan.objects.filter(bank=bank, contract_number=contract_number).exists():
        raise RuleViolation(Rule.BANKLOAN, _("%(bank)s 的借款合同 %(n)s 已经登记") % {
            "bank": bank, "n": contract_number}, field="contract_number")
    return save_as(BankLoan(cooperative=cooperative, bank=bank, contract_number=contract_number, principal=principal,
                            annual_rate=annual_rate, term_months=term_months, signed_on=signed_on, maturity=maturity,
                            settlement=settlement, penalty_markup=penalty_markup, purpose=(purpose or "")[:100],
                            compound_interest=bool(compound_interest), recorded_by=by), by)


@transaction.atomic
def record_drawdown(*, loan: BankLoan, on: date, amount: Decimal, by, note: str = "") -> Drawdown:
    """提款: checked now and again on approval — inside the contract's dates, after the periods already computed,
    and never past the contract's principal (counting what waits for approval)."""
    require_village_hand(by, loan.cooperative, _("登记贷款提款"))
    lock_cooperative(loan.cooperative)
    row = Drawdown(loan=loan, on=on, amount=amount, recorded_by=by, note=(note or "").strip()[:200])
    _check_drawdown(row)
    return save_as(row, by)


@transaction.atomic
def record_repayment(*, loan: BankLoan, on: date, amount: Decimal, by, note: str = "") -> PrincipalRepayment:
    """归还本金: never more than is outstanding that day (counting repayments waiting for approval)."""
    require_village_hand(by, loan.cooperative, _("登记归还本金"))
    lock_cooperative(loan.cooperative)
    row = PrincipalRepayment(loan=loan, on=on, amount=amount, recorded_by=by, note=(note or "").strip()[:200])
    _check_repayment(row)
    return save_as(row, by)


@transaction.atomic
def approve_drawdown(*, drawdown: Drawdown, by) -> Drawdown:
    """审批入账: 银行存款 / 短期(长期)借款—贴息贷款."""
    lock_cooperative(drawdown.loan.cooperative)

    def post(locked):
        _check_drawdown(locked)
        village = locked.loan.cooperative.village
        summary = _("%(loan)s 贷款提款") % {"loan": locked.loan}
        return fin.post_entry(village=village, on=locked.on, summary=summary, prepared_by=locked.recorded_by,
                              approved_by=by, attachments=1, source=f"{BOOK}:drawdown:{locked.pk}",
                              lines=[fin.Line.debit(bank(village), locked.amount),
                                     fin.Line.credit(loan_account(locked.loan, by), locked.amount)])

    return approvals.approve(drawdown, by=by, post=post)


@transaction.atomic
def approve_repayment(*, repayment: PrincipalRepayment, by) -> PrincipalRepayment:
    """审批入账: 短期(长期)借款—贴息贷款 / 银行存款."""
    lock_cooperative(repayment.loan.cooperative)

    def post(locked):
        _check_repayment(locked)
        village = locked.loan.cooperative.village
        summary = _("%(loan)s 归还本金") % {"loan": locked.loan}
        return fin.post_entry(village=village, on=locked.on, summary=summary, prepared_by=locked.recorded_by,
                              approved_by=by, attachments=1, source=f"{BOOK}:repayment:{locked.pk}",
                              lines=[fin.Line.debit(loan_account(locked.loan, by), locked.amount),
                                     fin.Line.credit(bank(village), locked.amount)])

    return approvals.approve(repayment, by=by, post=post)


def reject_movement(*, row, by, reason: str):
    """驳回 a drawdown or a repayment (coop.approvals): with the reason; nothing posts."""
    return approvals.reject(row, by=by, reason=reason)


def _after_computed(loan, on, what) -> None:
    last = loan.periods.order_by("-end").values_list("end", flat=True).first()
    if last is not None and on <= last:
        raise RuleViolation(Rule.BANKLOAN, _("%(what)s日期 %(d)s 落在已计算利息的计息期内(至 %(last)s),"
                                             "请按实际日期登记在其后") % {"what": what, "d": on, "last": last},
                            field="on")


def _check_drawdown(row: Drawdown) -> None:
    loan = row.loan
    positive(row.amount, "amount", _("提款金额"))
    not_in_future(row.on, _("提款日期"))
    if not loan.signed_on <= row.on <= loan.maturity:
        raise RuleViolation(Rule.BANKLOAN, _("提款日期 %(d)s 不在合同期限 %(s)s 至 %(m)s 之内") % {
            "d": row.on, "s": loan.signed_on, "m": loan.maturity}, field="on")
    _after_computed(loan, row.on, _("提款"))
    others = queries.drawn(loan, statuses=queries.LIVE, exclude=row)
    if others + row.amount > loan.principal:
        raise RuleViolation(Rule.BANKLOAN, _("提款合计不能超过合同金额 %(p)s:已提(含待审批)%(d)s,本次 %(a)s") % {
            "p": loan.principal, "d": others, "a": row.amount}, field="amount")


def _check_repayment(row: PrincipalRepayment) -> None:
    loan = row.loan
    positive(row.amount, "amount", _("还款金额"))
    not_in_future(row.on, _("还款日期"))
    if row.on < loan.signed_on:
        raise RuleViolation(Rule.BANKLOAN, _("还款日期 %(d)s 早于合同签订日 %(s)s") % {
            "d": row.on, "s": loan.signed_on}, field="on")
    _after_computed(loan, row.on, _("还款"))
    owed = queries.drawn(loan, until=row.on) - queries.repaid(loan, statuses=queries.LIVE, exclude=row)
    if row.amount > owed:
        raise RuleViolation(Rule.BANKLOAN, _("还款金额 %(a)s 超过 %(d)s 的未还本金 %(o)s(已扣除待审批的还款)") % {
            "a": row.amount, "d": row.on, "o": owed}, field="amount")
