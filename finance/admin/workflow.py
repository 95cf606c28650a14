"""Voucher workflow from the admin: one function per step, shared by the buttons on a voucher's page and
the bulk actions on the list, so both doors run the same operation and report refusals the same way."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.admin_base import run_each
from coop.errors import DOMAIN_ERRORS, explain_text
from finance import operations as fin
from finance import rules
from finance.models import Voucher

STEPS = {
    # action: (operation, label, needs a reason)
    "submit": (lambda v, by, reason: fin.submit(voucher=v, by=by), gettext_lazy("提交"), False),
    "review": (lambda v, by, reason: fin.review(voucher=v, by=by), gettext_lazy("审核"), False),
    "post": (lambda v, by, reason: fin.post(voucher=v, by=by), gettext_lazy("记账"), False),
    "return": (lambda v, by, reason: fin.return_voucher(voucher=v, by=by, reason=reason), gettext_lazy("退回"), True),
    "void": (lambda v, by, reason: fin.void(voucher=v, by=by, reason=reason), gettext_lazy("作废"), True),
}

NEXT_STEPS = {
    Voucher.Status.DRAFT: ["submit", "void"],
    Voucher.Status.RETURNED: ["submit", "void"],
    Voucher.Status.SUBMITTED: ["review", "return", "void"],
    Voucher.Status.REVIEWED: ["post", "return"],
    Voucher.Status.POSTED: ["reverse"],
}


# The steps whose operation asks more of the person than the role: 审核 and 记账 (rules.require_checker).
CHECKED_STEPS = ("review", "post")


def available_steps(user, voucher) -> list[str]:
    """The steps the user's role may take now, for the buttons on the voucher's page."""
    return [step for step in NEXT_STEPS.get(voucher.status, []) if access.allows(user, step, Voucher)]


def refusal(user, voucher, step: str) -> str:
    """Why `user` may not take `step` on the voucher, asked of the same check its operation makes (empty when
    nothing in the person stands in the way), so that the page says why instead of offering a step bound to
    be refused after the click."""
    if step not in CHECKED_STEPS:
        return ""
    try:
        rules.require_checker(user, voucher, STEPS[step][1])
    except DOMAIN_ERRORS as exc:
        return explain_text(exc)
    return ""


def post_refusal(user, voucher) -> str:
    """Why the voucher cannot be posted by `user` now (its status, or the person), or empty when it can."""
    if voucher.status != Voucher.Status.REVIEWED:
        return _("当前状态为“%(status)s”,审核后才能记账") % {"status": voucher.get_status_display()}
    return refusal(user, voucher, "post")


def run(request, step: str, vouchers, reason: str = "") -> tuple[int, list[str]]:
    """Apply one step to each voucher in its own savepoint; a refusal of one leaves the others done."""
    operation, label, _needs_reason = STEPS[step]
    return run_each(request, vouchers, lambda voucher: operation(voucher, request.user, reason),
                    _("已%(label)s %(n)s 张凭证") % {"label": label, "n": "%(n)s"})
