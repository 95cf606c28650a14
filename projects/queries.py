"""What a project's rules read: the money approved or waiting on it, its ceiling and its current total (R5).

Pending rows count against the ceilings (a payment waiting for the township already spends the contract), so two
payments recorded one after the other cannot together pass what each alone would not."""

from decimal import Decimal

from django.db.models import Q, Sum

from projects.models import FundsReceipt, Payment, Project, Variation

ZERO = Decimal("0.00")
APPROVED, PENDING = FundsReceipt.Status.APPROVED, FundsReceipt.Status.PENDING


def _sum(queryset, *, pending: bool) -> Decimal:
    statuses = [APPROVED, PENDING] if pending else [APPROVED]
    return queryset.filter(status__in=statuses).aggregate(total=Sum("amount"))["total"] or ZERO


def variations(project: Project, *, pending: bool = False, exclude=None) -> Decimal:
    """The approved variations (± amounts), with those still waiting when `pending`."""
    rows = Variation.objects.filter(project=project).exclude(pk=getattr(exclude, "pk", None))
    return _sum(rows, pending=pending)


def current_total(project: Project, *, pending: bool = False, exclude=None) -> Decimal:
    """The project's total investment as it stands: the approved budget plus its variations (R5 caps this)."""
    return project.total_investment + variations(project, pending=pending, exclude=exclude)


def ceiling(project: Project) -> Decimal | None:
    """What payments may reach: the contract plus its approved variations; None before a contract."""
    contract = getattr(project, "contract", None)
    if contract is None:
        return None
    return contract.amount + variations(project)


def paid(project: Project, *, pending: bool = True, exclude=None) -> Decimal:
    """The payments approved (and, by default, waiting) on the project."""
    rows = Payment.objects.filter(project=project).exclude(pk=getattr(exclude, "pk", None))
    return _sum(rows, pending=pending)


def received(project: Project, *, pending: bool = False) -> Decimal:
    return _sum(FundsReceipt.objects.filter(project=project), pending=pending)


def pending_money(project: Project) -> bool:
    """Whether any receipt, payment or variation still waits for the township."""
    waiting = Q(status=PENDING)
    return any(model.objects.filter(waiting, project=project).exists() for model in (FundsReceipt, Payment, Variation))


def visible_projects(user):
    """The projects inside the user's scope."""
    from coop.access import visible

    return visible(user, Project.objects.select_related("cooperative__village__township"))
