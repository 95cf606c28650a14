"""Maker-checker: the one pending → approved / rejected flow every register uses (R2).

A register's row that the village records and the township decides derives from `Approvable` and declares,
in its Meta, `approval_constraints("<prefix>")`: the database then refuses an approver who is the recorder
(four eyes, R2) and a rejection without a reason, whatever code writes the row.

The register's operations call, after taking their own upper locks (the cooperative, for instance):

* `approve(obj, *, by, post=callback)` — `by` must be township finance staff whose scope holds the row (the
  role right, coop.role_checks) and not its recorder (four eyes). The village ledger is locked, then the row
  (the project's lock order: cooperative, ledger, rows); the row must still be PENDING. `post(locked_row)`
  re-checks the register's own rules on the locked row and posts through `finance.operations.post_entry`,
  returning the voucher (or None for a decision that moves no money). The row is stamped APPROVED with its
  approver, the time and the voucher, and saved with a history row naming `by`.
* `reject(obj, *, by, reason)` — the same right and four eyes; a reason is required. Stamped REJECTED with
  who, when and why; nothing posts.

Every refusal is a RuleViolation: R2 for the right and four eyes, the register's `approval_rule` (its own
bookkeeping rule) for a row that is no longer pending or a missing reason. Nothing is written on refusal.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.role_checks import require_township

# The lock a posting takes on the village's books, declared by the ledger app (finance) at start-up so that the
# organisation knows no domain app: approve takes it before the row, in the project's one lock order.
_books_lock: Callable[[object], None] | None = None


def declare_books_lock(lock: Callable[[object], None]) -> None:
    """The ledger says how to lock a village's books before an approval posts into them."""
    global _books_lock
    _books_lock = lock


class Status(models.TextChoices):
    PENDING = "pending", gettext_lazy("待镇审批")
    APPROVED = "approved", gettext_lazy("已审批入账")
    REJECTED = "rejected", gettext_lazy("已驳回")


class Approvable(models.Model):
    """What every approved-by-the-township row carries: its state, who recorded it, who decided and when,
    why it was rejected, and the voucher its approval posted. The model also declares `scope_village` (the
    path to its village: whose ledger an approval locks and posts to, and whose township may decide)."""

    approval_rule = Rule.R2  # the rule a register's state refusals name; registers name their own

    status = models.CharField(gettext_lazy("状态"), max_length=10, choices=Status, default=Status.PENDING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=gettext_lazy("经办人"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=gettext_lazy("审批人"))
    decided_at = models.DateTimeField(gettext_lazy("审批时间"), null=True, blank=True)
    reject_reason = models.CharField(gettext_lazy("驳回原因"), max_length=200, blank=True)
    voucher = models.OneToOneField("finance.Voucher", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=gettext_lazy("记账凭证"))

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING


def approval_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The database's half of the flow, for one table: the approver is never the recorder (R2), and a
    rejection always says why."""
    return [
        models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("recorded_by")),
                               name=f"{prefix}_four_eyes",
                               violation_error_message=gettext_lazy("R2 四眼原则:经办人不能审批自己经办的业务")),
        models.CheckConstraint(condition=~Q(status=Status.REJECTED) | ~Q(reject_reason=""),
                               name=f"{prefix}_rejection_has_reason",
                               violation_error_message=gettext_lazy("驳回必须填写原因")),
    ]


@transaction.atomic
def approve(obj: Approvable, *, by, post: Callable[[Approvable], object] | None) -> Approvable:
    """审批: see the module's contract. Returns the locked, approved row."""
    _require_right(obj, by, _("审批"))
    if post is not None and _books_lock is not None:
        _books_lock(_village_of(obj))
    obj = _lock_pending(obj, by, _("审批"))
    obj.voucher = post(obj) if post is not None else None
    obj.status, obj.approved_by, obj.decided_at = Status.APPROVED, by, timezone.now()
    return save_as(obj, by)


@transaction.atomic
def reject(obj: Approvable, *, by, reason: str) -> Approvable:
    """驳回: see the module's contract. Returns the locked, rejected row."""
    _require_right(obj, by, _("驳回"))
    obj = _lock_pending(obj, by, _("驳回"))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(obj.approval_rule, _("驳回必须填写原因"), field="reject_reason")
    obj.status, obj.approved_by, obj.decided_at = Status.REJECTED, by, timezone.now()
    obj.reject_reason = reason[:200]
    return save_as(obj, by)


def _require_right(obj, by, action: str) -> None:
    require_township(by, obj, _("%(action)s%(what)s") % {"action": action, "what": obj._meta.verbose_name})


def _lock_pending(obj, by, action: str):
    model = type(obj)
    obj = model._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
    what = model._meta.verbose_name
    if obj.status != Status.PENDING:
        raise RuleViolation(obj.approval_rule, _("此%(what)s已%(status)s") % {
            "what": what, "status": obj.get_status_display()})
    if obj.recorded_by_id == by.pk:
        raise RuleViolation(Rule.R2, _("R2 四眼原则:%(user)s 经办了此笔%(what)s,不能自己%(action)s") % {
            "user": by.get_full_name(), "what": what, "action": action})
    return obj


def _village_of(obj):
    """The village whose ledger the approval posts to, found along the model's `scope_village` path."""
    owner = obj
    for step in filter(None, type(obj).scope_village.split("__")):
        owner = getattr(owner, step)
    return owner
