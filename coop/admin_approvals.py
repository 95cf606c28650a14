"""The admin's door to coop.approvals: on a row's own page, its approval state (pending, or who decided when and
why), and for a role with the model's "approve" right, the buttons to approve it or reject it with a reason.

A register's admin derives from `ApprovalAdmin` and names its operations in `approve_one(request, obj)` and
`reject_one(request, obj, reason)`; refusals come back as the rule's words on the same page, never an error.
The approve button says what approving does (`approve_label`, "审批入账" where the approval posts; a register whose
approval moves no money names its own), and `may_decide(obj)` says when the buttons show (pending, by default).
Its `reject_selected` bulk action asks one reason on a page of its own, then rejects each row through
`reject_one` (coop.admin_base.run_each); list it in the admin's `actions` with the "approve" right.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop import access
from coop.admin_base import action_form_page, run_each
from coop.approvals import Status
from coop.errors import DOMAIN_ERRORS, explain_text

APPROVE = "approve"


class RejectReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("驳回原因"), max_length=200,
                             help_text=gettext_lazy("对所选各笔使用同一原因;经办人会在该笔记录上看到"))


class ApprovalAdmin:
    """Mixed into a ScopedAdmin of an `Approvable` model, which must define `approve_one` and `reject_one`
    (checked when the class is made, so a register cannot ship buttons that lead nowhere)."""

    change_form_template = "admin/approval_change_form.html"
    approve_label = gettext_lazy("审批入账")
    approved_message = gettext_lazy("已审批入账:%(obj)s")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        missing = [name for name in ("approve_one", "reject_one") if not callable(getattr(cls, name, None))]
        if missing:
            raise TypeError(f"{cls.__name__} derives from ApprovalAdmin but does not define {', '.join(missing)}")

    def _url_name(self, view: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{view}"

    def get_urls(self):
        return [path("<int:pk>/decide/<str:decision>/", self.admin_site.admin_view(self.decide_view),
                     name=self._url_name("decide"))] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        first = obj.history.order_by("history_date").first() if obj is not None and hasattr(obj, "history") else None
        extra = {"approvable": obj, "decide_url_name": f"admin:{self._url_name('decide')}",
                 "recorded_at": first.history_date if first else None,
                 "approve_label": self.approve_label,
                 "can_decide": obj is not None and self.may_decide(obj)
                 and access.allows(request.user, APPROVE, self.model)}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def may_decide(self, obj) -> bool:
        """Whether the row waits for the township's decision (a register with a draft step narrows this)."""
        return obj.is_pending

    def decide_view(self, request, pk, decision):
        if request.method != "POST" or decision not in ("approve", "reject"):
            raise PermissionDenied
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            with transaction.atomic():
                if decision == "approve":
                    self.approve_one(request, obj)
                else:
                    self.reject_one(request, obj, request.POST.get("reason", ""))
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc, model=self.model))
        else:
            messages.success(request, str(self.approved_message) % {"obj": obj} if decision == "approve"
                             else _("已驳回:%(obj)s") % {"obj": obj})
        return HttpResponseRedirect(reverse(f"admin:{self._url_name('change')}", args=[pk]))

    @admin.action(description=gettext_lazy("驳回(所选待审批记录,填写同一原因)"))
    def reject_selected(self, request, queryset):
        """A page asking the one reason; on its submit, each pending row is rejected through `reject_one`."""
        pending = queryset.filter(status=Status.PENDING).order_by("pk")
        form = RejectReasonForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            run_each(request, pending, lambda obj: self.reject_one(request, obj, form.cleaned_data["reason"]),
                     _("已驳回 %(n)s 笔"))
            return None
        return action_form_page(self, request, template="admin/approval_reject_selected.html",
                                action="reject_selected", form=form, rows=pending, title=_("驳回所选记录"))
