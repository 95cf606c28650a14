"""The admin's door to coop.approvals: on a row's own page, its approval state (pending, or who decided when and
why), and for a role with the model's "approve" right, the buttons to approve it or reject it with a reason.

A register's admin derives from `ApprovalAdmin` and names its operations in `approve_one(request, obj)` and
`reject_one(request, obj, reason)`; refusals come back as the rule's words on the same page, never an error.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from coop import access
from coop.errors import DOMAIN_ERRORS, explain_text

APPROVE = "approve"


class ApprovalAdmin:
    """Mixed into a ScopedAdmin of an `Approvable` model, which must define `approve_one` and `reject_one`
    (checked when the class is made, so a register cannot ship buttons that lead nowhere)."""

    change_form_template = "admin/approval_change_form.html"

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
        extra = {"approvable": obj, "decide_url_name": f"admin:{self._url_name('decide')}",
                 "can_decide": obj is not None and obj.is_pending
                 and access.allows(request.user, APPROVE, self.model)}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

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
            messages.success(request, _("已审批入账:%(obj)s") % {"obj": obj} if decision == "approve"
                             else _("已驳回:%(obj)s") % {"obj": obj})
        return HttpResponseRedirect(reverse(f"admin:{self._url_name('change')}", args=[pk]))
