"""结转旧账: the fund's history from the paper books, before the village's books opened in this system.

The pilot funds lent from 2016; the ledger opens years later. What the paper books carry over is entered by the
township before the opening balances, as the share register's 期初股金 is (members.operations.set_opening_shares):

* `carry_over_capital` — capital received before the books opened, by source (an approved CapitalReceipt marked
  carried over, with no voucher);
* `carry_over_loans` — a batch of loans lent before the books opened (the paper loan list, the admin's form for
  one, `manage.py fund_carry_over`): each becomes a Loan marked carried over, with its capital source, its
  guarantors and its whole schedule regenerated from the contract (method, term, rate, date) by the one rounding
  rule, what was repaid on paper applied to the oldest instalments first (Instalment.carried_*). A running or
  overdue loan is then serviced like any other (repayments, the daily job, PAR); a repaid or written-off one
  counts only in the history (cumulative lending) and owes nothing.

`opening_lines` (declared in the app's ready()) gives the ledger what the fund carries over: the capital accounts
(credit) and 借出互助资金 (debit: the principal still owed when the books opened), so the fund's balance equals
the ledger from the first day.

R3: capital and open loans are opening figures, refused once the ledger's first voucher is posted (and, like
期初股金, entered before the opening balances, which take them in). A loan repaid or written off before the books
opened changes no balance of the ledger, so it may still be added afterwards (history found later in a drawer).

R6 per row, as far as it applies to history: a member of this cooperative; amounts positive; the loan and its
closing dated before the books' start; repaid ≤ principal; the state agreeing with the schedule; a contract number
given once; open principal within the carried-over capital of its source. Not today's charter limits (per loan,
per household, terms allowed, group size, the first-loan ceiling): the loan was lent under the rules of its day.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.limits import require_number
from coop.money import to_fen, yuan
from coop.refusals import BatchRefused, Refusal, refuse  # noqa: F401  (BatchRefused: what callers catch)
from finance import operations as fin
from finance import queries as ledger_queries
from finance.fund import accounts, schedules
from finance.fund.models import (
    CapitalReceipt,
    CapitalSource,
    Fund,
    FundTerms,
    Instalment,
    Loan,
    LoanGuarantor,
    LoanSource,
    RepaymentMethod,
    Stage,
)
from finance.fund.operations._common import lock_cooperative, lock_fund, positive_amount

ZERO = Decimal("0.00")


class CarriedState(models.TextChoices):
    RUNNING = "running", gettext_lazy("正常还款中")
    OVERDUE = "overdue", gettext_lazy("逾期")
    REPAID = "repaid", gettext_lazy("已结清")
    WRITTEN_OFF = "written_off", gettext_lazy("已核销")


OPEN_STATES = (CarriedState.RUNNING, CarriedState.OVERDUE)
CLOSED_STATES = (CarriedState.REPAID, CarriedState.WRITTEN_OFF)
STAGE_OF = {CarriedState.RUNNING: Stage.DISBURSED, CarriedState.OVERDUE: Stage.DISBURSED,
            CarriedState.REPAID: Stage.REPAID, CarriedState.WRITTEN_OFF: Stage.WRITTEN_OFF}


@dataclass
class CarriedRow:
    """One loan of the paper loan list; `row` is the caller's (an Excel row for the import, 0 for one loan)."""

    member: object
    contract_no: str
    lent_on: date
    amount: object
    method: str
    term_months: int
    fee_rate_monthly: object
    state: str
    source: str = CapitalSource.COUNTY_CAPITAL
    repaid_principal: object = ZERO
    repaid_fee: object = ZERO
    closed_on: date | None = None
    penalty_rate_daily: object = ZERO
    purpose: str = ""
    group: object = None
    guarantors: list = field(default_factory=list)
    row: int = 0

    @property
    def state_label(self) -> str:
        return CarriedState(self.state).label if self.state in CarriedState.values else self.state


# ---------------------------------------------------------------- the schedule as paper left it


def paper_schedule(row: CarriedRow, start: date) -> list[Instalment]:
    """The contract's schedule (unsaved rows, finance.fund.schedules' one rounding rule) with what was repaid on
    paper applied oldest first — principal and fee each — and the rows it paid in full settled: on the closing
    day for a repaid loan, otherwise on their due date, or the day before the books opened if paid ahead."""
    made = schedules.make(row.method, principal=row.amount, months=row.term_months,
                          rate_per_mille=row.fee_rate_monthly, start=row.lent_on)
    principal_left, fee_left = row.repaid_principal, row.repaid_fee
    rows = []
    for made_row in made:
        paid_principal, paid_fee = min(principal_left, made_row.principal), min(fee_left, made_row.fee)
        principal_left -= paid_principal
        fee_left -= paid_fee
        rows.append(Instalment(version=1, seq=made_row.seq, due_on=made_row.due_on, principal=made_row.principal,
                               fee=made_row.fee, paid_principal=paid_principal, paid_fee=paid_fee,
                               carried_principal=paid_principal, carried_fee=paid_fee))
    for instalment in rows:
        if row.state == CarriedState.REPAID:
            instalment.settled_on = row.closed_on
        elif instalment.principal_due == 0 and instalment.fee_due == 0:
            instalment.settled_on = min(instalment.due_on, start - timedelta(days=1))
    return rows


def _late_on_paper(rows: list[Instalment], start: date) -> tuple[Decimal, Decimal]:
    """Principal and fee fallen due before the books opened and not repaid on paper."""
    late = [r for r in rows if r.due_on < start]
    return (sum((r.principal_due for r in late), ZERO), sum((r.fee_due for r in late), ZERO))


# ---------------------------------------------------------------- refusals, row by row


def _money(value, field_name: str, *, allow_zero: bool) -> Decimal:
    value = value if value not in (None, "") else Decimal("0")
    require_number(value, _("金额"), rule=Rule.R6, field=field_name)  # finite, within the ledger's 14 digits
    amount = to_fen(value if isinstance(value, Decimal) else str(value))
    if amount < 0 or (amount == 0 and not allow_zero):
        raise RuleViolation(Rule.R6, _("金额必须大于零") if not allow_zero else _("金额不能为负数"), field=field_name)
    return amount


def _rate(value, field_name: str) -> Decimal:
    rate = require_number(value if value not in (None, "") else Decimal("0"), _("费率"), rule=Rule.R6,
                          field=field_name)
    if not 0 <= rate <= 100:
        raise RuleViolation(Rule.R6, _("费率须在 0 至 100 之间"), field=field_name)
    return rate


def _normalise(row: CarriedRow, fund: Fund, start: date) -> None:
    """Each field read and checked on its own (raising the first refusal); the row's values become clean."""
    if row.member is None or row.member.cooperative_id != fund.cooperative_id:
        raise RuleViolation(Rule.R6, _("R6 %(m)s 不是本社社员,不能有本协会的借款") % {
            "m": row.member if row.member is not None else "—"}, field="member")
    row.contract_no = str(row.contract_no or "").strip()
    if not row.contract_no:
        raise RuleViolation(Rule.R6, _("请填写借款合同号"), field="contract_no")
    if len(row.contract_no) > 40:
        raise RuleViolation(Rule.R6, _("借款合同号不能超过 40 个字符"), field="contract_no")
    row.amount = _money(row.amount, "amount", allow_zero=False)
    try:
        row.term_months = int(row.term_months)
    except (TypeError, ValueError):
        row.term_months = 0
    if not 1 <= row.term_months <= 120:
        raise RuleViolation(Rule.R6, _("借款期限须为 1 至 120 个月"), field="term_months")
    if row.method not in RepaymentMethod.values:
        raise RuleViolation(Rule.R6, _("还款方式“%(m)s”不是“%(known)s”之一") % {
            "m": row.method, "known": "、".join(str(label) for label in RepaymentMethod.labels)}, field="method")
    if row.state not in CarriedState.values:
        raise RuleViolation(Rule.R6, _("借款状态“%(s)s”不是“%(known)s”之一") % {
            "s": row.state, "known": "、".join(str(label) for label in CarriedState.labels)}, field="state")
    if row.source not in CapitalSource.values:
        raise RuleViolation(Rule.R6, _("资金来源“%(s)s”不是“%(known)s”之一") % {
            "s": row.source, "known": "、".join(str(label) for label in CapitalSource.labels)}, field="source")
    row.fee_rate_monthly = _rate(row.fee_rate_monthly, "fee_rate_monthly")
    row.penalty_rate_daily = _rate(row.penalty_rate_daily, "penalty_rate_daily")
    row.repaid_principal = _money(row.repaid_principal, "repaid_principal", allow_zero=True)
    row.repaid_fee = _money(row.repaid_fee, "repaid_fee", allow_zero=True)
    if row.lent_on is None:
        raise RuleViolation(Rule.R6, _("请填写放款日期"), field="lent_on")
    if row.lent_on >= start:
        raise RuleViolation(Rule.R6, _("R6 结转的借款须在建账日 %(d)s 之前发放,本行放款日期为 %(on)s") % {
            "d": start, "on": row.lent_on}, field="lent_on")
    if row.repaid_principal > row.amount:
        raise RuleViolation(Rule.R6, _("R6 已还本金 %(p)s 超过借款金额 %(a)s") % {
            "p": yuan(row.repaid_principal), "a": yuan(row.amount)}, field="repaid_principal")
    _dates_of_state(row, start)
    if row.group is not None and row.group.fund_id != fund.pk:
        raise RuleViolation(Rule.R6, _("联保小组“%(g)s”不属于本协会") % {"g": row.group}, field="group")
    for guarantor in row.guarantors:
        if guarantor.cooperative_id != fund.cooperative_id:
            raise RuleViolation(Rule.R6, _("R6 担保人 %(g)s 不是本社社员") % {"g": guarantor}, field="guarantors")
        if guarantor.pk == row.member.pk:
            raise RuleViolation(Rule.R6, _("R6 借款人不能为自己担保"), field="guarantors")


def _dates_of_state(row: CarriedRow, start: date) -> None:
    if row.state in CLOSED_STATES:
        if row.closed_on is None:
            raise RuleViolation(Rule.R6, _("已结清或已核销的借款须填写结清或核销日期"), field="closed_on")
        if not row.lent_on <= row.closed_on < start:
            raise RuleViolation(Rule.R6, _("结清或核销日期须在放款日期 %(a)s 之后、建账日 %(d)s 之前") % {
                "a": row.lent_on, "d": start}, field="closed_on")
    elif row.closed_on is not None:
        raise RuleViolation(Rule.R6, _("未结清的借款不填结清或核销日期"), field="closed_on")
    if row.state == CarriedState.REPAID and row.repaid_principal != row.amount:
        raise RuleViolation(Rule.R6, _("R6 已结清的借款,已还本金须等于借款金额 %(a)s(现为 %(p)s)") % {
            "a": yuan(row.amount), "p": yuan(row.repaid_principal)}, field="repaid_principal")
    if row.state != CarriedState.REPAID and row.repaid_principal >= row.amount:
        raise RuleViolation(Rule.R6, _("R6 本金已全部还清,借款状态应为“已结清”"), field="state")


def _agrees_with_schedule(row: CarriedRow, start: date) -> list[Instalment]:
    rows = paper_schedule(row, start)
    scheduled_fee = sum((r.fee for r in rows), ZERO)
    if row.repaid_fee > scheduled_fee:
        raise RuleViolation(Rule.R6, _("R6 已付占用费 %(f)s 超过合同应付的 %(s)s") % {
            "f": yuan(row.repaid_fee), "s": yuan(scheduled_fee)}, field="repaid_fee")
    if row.state in OPEN_STATES:
        principal, fee = _late_on_paper(rows, start)
        late = principal + fee > 0
        if late and row.state == CarriedState.RUNNING:
            raise RuleViolation(Rule.R6, _(
                "R6 按合同还款计划,建账日前已到期未还本金 %(p)s、占用费 %(f)s:状态应为“逾期”") % {
                "p": yuan(principal), "f": yuan(fee)}, field="state")
        if not late and row.state == CarriedState.OVERDUE:
            raise RuleViolation(Rule.R6, _("R6 按合同还款计划,建账日前没有到期未还的本金或占用费:状态应为“正常还款中”"),
                                field="state")
    return rows


def loan_refusals(fund: Fund, start: date, rows: list[CarriedRow]) -> list[Refusal]:
    """What refuses carried-over loans, each against its caller's row, in a fixed number of queries whatever the
    number of rows (the contract numbers taken, the capital carried over, the principal already carried out).
    The import's preview shows these; `carry_over_loans` raises them. Clean rows are normalised in place."""
    found, clean = [], []
    for row in rows:
        try:
            _normalise(row, fund, start)
            row.schedule = _agrees_with_schedule(row, start)
        except RuleViolation as refusal:
            found.append(Refusal(row.row, refusal))
            continue
        clean.append(row)
    taken = set(Loan.objects.filter(fund=fund, contract_no__in=[r.contract_no for r in clean])
                .values_list("contract_no", flat=True))
    seen = {}
    for row in clean:
        if row.contract_no in taken:
            found.append(Refusal(row.row, RuleViolation(Rule.R6, _("R6 本协会已有合同号为 %(c)s 的借款") % {
                "c": row.contract_no}, field="contract_no")))
        elif row.contract_no in seen:
            found.append(Refusal(row.row, RuleViolation(Rule.R6, _("R6 合同号 %(c)s 与第 %(r)s 行重复") % {
                "c": row.contract_no, "r": seen[row.contract_no]}, field="contract_no")))
        seen.setdefault(row.contract_no, row.row)
    found += _beyond_capital(fund, start, [r for r in clean if r.state in OPEN_STATES])
    return found


def _beyond_capital(fund: Fund, start: date, rows: list[CarriedRow]) -> list[Refusal]:
    """R6 the fund lent what it had: the principal open when the books opened, by source, within the capital of
    that source carried over (enter the capital first)."""
    if not rows:
        return []
    capital = dict(CapitalReceipt.objects.filter(fund=fund, carried_over=True).values_list("source").annotate(
        s=Sum("amount")).values_list("source", "s"))
    out = defaultdict(lambda: ZERO, _carried_out_by_source(fund, start))
    found = []
    for row in rows:
        out[row.source] += row.amount - row.repaid_principal
        if out[row.source] > capital.get(row.source, ZERO):
            found.append(Refusal(row.row, RuleViolation(Rule.R6, _(
                "R6 量入为出:建账时%(s)s借出未还 %(out)s,超过结转的%(s)s %(cap)s;请先结转资金到位") % {
                "s": CapitalSource(row.source).label, "out": yuan(out[row.source]),
                "cap": yuan(capital.get(row.source, ZERO))}, field="amount")))
    return found


def _open_at_start(fund: Fund, start: date):
    """Carried-over loans still owing when the books opened (a later repayment in the books does not change it)."""
    return Loan.objects.filter(fund=fund, carried_over=True).exclude(closed_on__lt=start)


def _carried_out_by_source(fund: Fund, start: date) -> dict[str, Decimal]:
    """Principal out at the books' start per source (a carried-over loan has one source, its whole principal)."""
    loans = _open_at_start(fund, start)
    repaid = dict(Instalment.objects.filter(loan__in=loans).values_list("loan").annotate(
        s=Sum("carried_principal")).values_list("loan", "s"))
    out = defaultdict(lambda: ZERO)
    for loan_id, source, principal in LoanSource.objects.filter(loan__in=loans).values_list(
            "loan", "source", "principal"):
        out[source] += principal - repaid.get(loan_id, ZERO)
    return out


# ---------------------------------------------------------------- the operations


def _opening_books(fund: Fund, by, what: str, *, balances: bool):
    """The locks (cooperative → ledger → fund) and R3 for an opening figure: no voucher posted yet and, for a
    figure that is a balance, no opening balances entered yet (they take the register's figures in)."""
    fin.require_township(by, fund, what)
    books = getattr(fund.cooperative.village, "ledger", None)
    if books is None:
        raise RuleViolation(Rule.LEDGER, _("%(v)s 尚未建账,请先建账再结转旧账") % {"v": fund.cooperative.village})
    lock_cooperative(fund)
    books = fin.lock_ledger(books)
    fund = lock_fund(fund)
    if balances:
        fin.require_openings_open(books, what)
        if books.openings.exists():
            raise RuleViolation(Rule.R3, _(
                "R3 本村已录入期初余额。结转的资金和未结清借款须先于期初余额录入:请先在村级账套页面清除期初余额,"
                "结转后再导入期初余额(互助资金科目的期初余额由系统按结转数填入)"))
    return books, fund


@transaction.atomic
def carry_over_capital(*, fund: Fund, source: str, amount, received_on: date, by, member=None, payer: str = "",
                       document: str = "") -> CapitalReceipt:
    """Capital the fund received before its books opened (期初资金), by source: an opening figure of the
    source's capital account, entered by the township before the opening balances (R3)."""
    books, fund = _opening_books(fund, by, _("结转互助资金到位"), balances=True)
    if source not in CapitalSource.values:
        raise RuleViolation(Rule.R6, _("请选择资金来源"), field="source")
    if received_on is None or received_on >= books.start_date:
        raise RuleViolation(Rule.R6, _("R6 结转的资金须在建账日 %(d)s 之前到位") % {"d": books.start_date},
                            field="received_on")
    contribution = source == CapitalSource.MEMBER_CONTRIBUTION
    if contribution and (member is None or member.cooperative_id != fund.cooperative_id):
        raise RuleViolation(Rule.R6, _("R6 社员互助金须选择本社缴纳社员"), field="member")
    receipt = CapitalReceipt(fund=fund, source=source, amount=positive_amount(amount), received_on=received_on,
                             member=member if contribution else None, payer=(payer or "").strip()[:100],
                             document=(document or "").strip()[:100], carried_over=True,
                             status=approvals.Status.APPROVED, recorded_by=by, decided_at=timezone.now())
    receipt.number = (fund.capital_receipts.aggregate(n=Max("number"))["n"] or 0) + 1
    accounts.capital_account(fund.cooperative.village, source, by)
    return save_as(receipt, by)


@transaction.atomic
def carry_over_loans(*, fund: Fund, rows: list[CarriedRow], by) -> list[Loan]:
    """The paper loan list, all rows or none (coop.refusals.BatchRefused, every refusal against its row).
    Written in bulk: a fixed number of statements whatever the number of rows."""
    opens = any(row.state in OPEN_STATES for row in rows)
    books, fund = _opening_books(fund, by, _("结转互助资金借款"), balances=opens)
    if not rows:
        raise RuleViolation(Rule.R6, _("没有要结转的借款"))
    refuse(loan_refusals(fund, books.start_date, rows))
    village = fund.cooperative.village
    if opens:
        accounts.loans_out_account(village, by)
    terms = list(FundTerms.objects.filter(fund=fund).order_by("-effective_from"))
    number = fund.loans.aggregate(n=Max("number"))["n"] or 0
    now = timezone.now()
    loans = []
    for i, row in enumerate(rows, start=1):
        loans.append(Loan(
            fund=fund, number=number + i, member=row.member, group=row.group, contract_no=row.contract_no,
            terms=next((t for t in terms if t.effective_from <= row.lent_on), None), carried_over=True,
            purpose=(row.purpose or "").strip()[:200] or _("结转旧账"), amount=row.amount,
            term_months=row.term_months, method=row.method, fee_rate_monthly=row.fee_rate_monthly,
            penalty_rate_daily=row.penalty_rate_daily, applied_on=row.lent_on, reviewed_on=row.lent_on,
            payee_bank="", payee_account="", status=approvals.Status.APPROVED, recorded_by=by, decided_at=now,
            disbursed_on=row.lent_on, disbursed_by=by, stage=STAGE_OF[row.state], closed_on=row.closed_on))
    loans = bulk_create_with_history(loans, Loan, batch_size=500, default_user=by,
                                     default_change_reason="结转旧账")
    if any(loan.pk is None for loan in loans):  # a database that does not return keys from a bulk insert
        by_number = dict(fund.loans.filter(number__gt=number).values_list("number", "pk"))
        for loan in loans:
            loan.pk = loan.id = by_number[loan.number]
    instalments, sources, guarantors = [], [], []
    for loan, row in zip(loans, rows, strict=True):
        for instalment in row.schedule:
            instalment.loan = loan
            instalments.append(instalment)
        sources.append(LoanSource(loan=loan, source=row.source, principal=row.amount))
        guarantors += [LoanGuarantor(loan=loan, member=g) for g in {g.pk: g for g in row.guarantors}.values()]
    Instalment.objects.bulk_create(instalments, batch_size=1000)
    LoanSource.objects.bulk_create(sources, batch_size=1000)
    LoanGuarantor.objects.bulk_create(guarantors, batch_size=1000)
    return loans


def opening_lines(ledger) -> list[tuple]:
    """What the fund carries over, as its accounts' opening balances (finance.registers.declare_openings): the
    capital carried over by source (credit) and the principal owed when the books opened (debit 借出互助资金)."""
    fund = Fund.objects.filter(cooperative__village=ledger.village_id).first()
    if fund is None:
        return []
    kept = ledger_queries.managed_accounts(ledger, accounts.BOOK)
    lines = []
    capital = CapitalReceipt.objects.filter(fund=fund, carried_over=True).values_list("source").annotate(
        s=Sum("amount")).values_list("source", "s")
    for source, amount in capital:
        account = kept.get(accounts.capital_spec(ledger, source)[0])
        if account is not None:
            lines.append((account, ZERO, amount))
    out = sum(_carried_out_by_source(fund, ledger.start_date).values(), ZERO)
    if out and kept.get(accounts.LOANS_OUT[0]) is not None:
        lines.append((kept[accounts.LOANS_OUT[0]], out, ZERO))
    return sorted(lines, key=lambda line: line[0].code)
