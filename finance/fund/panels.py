"""The fund on the dashboard: for the chairman and the township, who owes what — overdue instalments and those
falling due in the next 30 days, by household, with the household head's phone so that someone can call, each
leading to the loan's page; and, for the township, the reschedules and write-offs waiting for its decision. A
fixed number of queries, however many loans (the lists are capped at LISTED households each)."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from coop.money import money_sum, yuan
from finance.fund.models import Instalment, Loan, Reschedule, Stage, WriteOff
from members.models import Person

LISTED = 10
DUE_WINDOW = timedelta(days=30)
ZERO = Decimal("0.00")


def by_household(rows, limit=LISTED):
    """Unsettled instalments summed per borrowing household (an enterprise member alone), largest first."""
    owed = F("principal") - F("paid_principal") + F("fee") - F("paid_fee") + F("penalty_accrued") - F("paid_penalty")
    return list(rows.values("loan__member__household", "loan__member__household__number",
                            "loan__member__enterprise_name")
                .annotate(owed=money_sum(owed), first_due=Min("due_on"), loan=Min("loan"))
                .order_by("-owed", "loan__member__household__number")[:limit])


def heads(household_ids) -> dict[int, Person]:
    return {p.household_id: p for p in Person.objects.filter(household__in=household_ids,
                                                              relation=Person.Relation.HEAD)}


def _label(prefix, row, people):
    head = people.get(row["loan__member__household"])
    who = (f"{row['loan__member__household__number']} {head.name}户" if head
           else row["loan__member__enterprise_name"] or row["loan__member__household__number"] or "")
    phone = head.phone if head and head.phone else _("无电话")
    return _("%(prefix)s · %(who)s · %(phone)s · %(d)s") % {"prefix": prefix, "who": who, "phone": phone,
                                                          "d": row["first_due"]}


@panel
def fund_collections(request):
    user = request.user
    if not access.allows(user, access.VIEW, Loan):
        return []
    today = timezone.localdate()
    open_rows = access.visible(user, Instalment.objects.filter(
        loan__stage=Stage.DISBURSED, superseded=False, settled_on__isnull=True))
    overdue = by_household(open_rows.filter(due_on__lt=today))
    coming = by_household(open_rows.filter(due_on__gte=today, due_on__lte=today + DUE_WINDOW))
    people = heads({row["loan__member__household"] for row in overdue + coming} - {None})
    def page(row):  # the loan's page: its 下一步 and the repayment button
        return reverse("admin:fund_loan_change", args=[row["loan"]])

    items = [Item(_label(_("逾期"), row, people), yuan(row["owed"] or ZERO), page(row), todo=True) for row in overdue]
    items += [Item(_label(_("30天内到期"), row, people), yuan(row["owed"] or ZERO), page(row)) for row in coming]
    if access.allows(user, "approve", Reschedule):
        waiting = ~Q(recorded_by=user) & Q(status="pending")
        items.append(Item(_("待镇审批的借款展期"), access.visible(user, Reschedule.objects.filter(waiting)).count(),
                          reverse("admin:fund_reschedule_changelist") + "?status__exact=pending", todo=True))
        items.append(Item(_("待镇审批的借款核销"), access.visible(user, WriteOff.objects.filter(waiting)).count(),
                          reverse("admin:fund_writeoff_changelist") + "?status__exact=pending", todo=True))
    return items
