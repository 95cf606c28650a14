"""联保小组集中还款: on a collection day the group's members bring their instalments together and the clerk records
them at once. Each line is the existing repayment operation (`repay`, with its allocation, receipt number and
voucher), all in one transaction: one refused line refuses the whole day, naming the member, and nothing is
written (a day's sheet is never half-recorded).

`due_for_collection` reads what each running loan of the group owes on the day for the form, in a fixed number
of queries however many loans the group has (penalties brought to the day in memory, as `preview` does)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation, messages_of, rule_of
from finance.fund import allocation
from finance.fund.models import GuaranteeGroup, Instalment, Loan, Repayment, Reschedule, Stage
from finance.fund.operations._common import not_in_future, positive_amount
from finance.fund.operations.servicing import _accrue, _dues_from, repay

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CollectionLine:
    """One running loan of the group on the day: what has fallen due (the form's default), what would settle it,
    and its next due date."""

    loan: Loan
    due: Decimal
    payoff: Decimal
    next_due_on: date | None

    @property
    def field(self) -> str:
        return f"amount_{self.loan.pk}"


def group_loans(group: GuaranteeGroup, on: date):
    """Running loans of the group on `on`: guaranteed by it, or of a member in it that day."""
    in_group = Q(member__guarantee_memberships__group=group, member__guarantee_memberships__joined_on__lte=on) & (
        Q(member__guarantee_memberships__left_on__isnull=True) | Q(member__guarantee_memberships__left_on__gt=on))
    ids = Loan.objects.filter(Q(group=group) | in_group, fund_id=group.fund_id, stage=Stage.DISBURSED).values("pk")
    return (Loan.objects.filter(pk__in=ids).select_related("member__household")
            .prefetch_related("member__household__persons").order_by("member__household__number", "number"))


def due_for_collection(*, group: GuaranteeGroup, on: date) -> list[CollectionLine]:
    loans = list(group_loans(group, on))
    current = {(loan.pk, loan.schedule_version) for loan in loans}
    rows = [row for row in Instalment.objects.filter(loan__in=loans, superseded=False).order_by("loan", "seq")
            if (row.loan_id, row.version) in current]
    _accrue(rows, on, {loan.pk: loan.penalty_rate_daily for loan in loans})
    rescheduled = Reschedule.objects.filter(loan__in=[loan for loan in loans if loan.schedule_version > 1],
                                            status=approvals.Status.APPROVED)
    starts = {loan_id: day for loan_id, version, day in rescheduled.values_list("loan_id", "to_version", "on")
              if (loan_id, version) in current}
    lines = []
    for loan in loans:
        mine = [row for row in rows if row.loan_id == loan.pk]
        dues = _dues_from(loan, mine, starts.get(loan.pk) or loan.disbursed_on)
        open_rows = [row.due_on for row in mine if not row.settled_on]
        lines.append(CollectionLine(loan=loan, due=allocation.fallen_due(dues, on),
                                    payoff=allocation.payoff(dues, on), next_due_on=min(open_rows, default=None)))
    return lines


@transaction.atomic
def collect_group(*, group: GuaranteeGroup, on: date, amounts: dict[int, Decimal], by) -> list[Repayment]:
    """Record the day's repayments: `amounts` maps a loan's pk to what its borrower paid (a zero or empty line is
    skipped). Each goes through `repay`; a refused line refuses them all, in the words of its rule, naming the
    member and pointing at the line (field `amount_<loan pk>`)."""
    on = not_in_future(on, "on")
    loans = {loan.pk: loan for loan in group_loans(group, on)}
    strangers = set(amounts) - set(loans)
    if strangers:
        raise RuleViolation(Rule.R6, _("R6 集中还款只能登记本联保小组成员在还款期内的借款"))
    paid = {pk: amount for pk, amount in amounts.items() if amount not in (None, "", 0, ZERO)}
    if not paid:
        raise RuleViolation(Rule.R6, _("请至少填写一笔还款金额"))
    done = []
    for pk in sorted(paid, key=lambda key: (loans[key].member.household.number if loans[key].member.household_id
                                            else "", loans[key].number)):
        loan = loans[pk]
        try:
            done.append(repay(loan=loan, paid_on=on, amount=positive_amount(paid[pk]), by=by))
        except ValidationError as exc:
            rule = rule_of(exc) or Rule.R6
            text = ";".join(messages_of(exc, model=Repayment))
            text = text.removeprefix(f"{rule.value} ")
            raise RuleViolation(rule, _("%(who)s(借款 %(n)s):%(why)s") % {
                "who": loan.member.display_name, "n": f"{loan.number:05d}", "why": text},
                field=f"amount_{pk}") from exc
    return done


def collected(*, group: GuaranteeGroup, on: date):
    """The repayments recorded for the group's loans on `on` (for the collection sheet), reversed ones left out."""
    loans = Loan.objects.filter(Q(group=group) | Q(member__guarantee_memberships__group=group),
                                fund_id=group.fund_id).values("pk")
    return (Repayment.objects.filter(loan__in=loans, paid_on=on, reversed_on__isnull=True)
            .select_related("loan__member__household", "recorded_by")
            .prefetch_related("loan__member__household__persons").order_by("receipt_no"))
