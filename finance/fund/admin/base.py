"""What the fund's admin pages share: rows are added through an operation and never edited or deleted here
(a change of terms is a new version; a mistake in money is a reversal), and a user with one fund in scope is
not asked which."""

from django.utils.translation import gettext_lazy as _

from coop import access
from coop.admin_base import AddOnlyAdmin
from coop.money import yuan
from finance.fund.models import Fund


class OneFundAdmin(AddOnlyAdmin):
    """The `fund` field is left out of the add form when the user sees exactly one fund (a chairman's)."""

    def only_fund(self, request) -> Fund | None:
        if not hasattr(request, "_only_fund"):
            funds = list(access.visible(request.user, Fund.objects.select_related("cooperative__village"))[:2])
            request._only_fund = funds[0] if len(funds) == 1 else None
        return request._only_fund

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None and self.only_fund(request) is not None:
            return [name for name in fields if name != "fund"]
        return fields

    def fund_of(self, request, form):
        return form.cleaned_data.get("fund") or self.only_fund(request)


def money(description, field):
    """A list column showing a money field as ¥1,234.56."""
    def show(self, obj):
        return yuan(getattr(obj, field))

    show.short_description = description
    show.admin_order_field = field
    return show


AMOUNT = _("金额")
