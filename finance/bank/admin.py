"""Admin pages of bank reconciliation: the statements (each opening its reconciliation page), the
explanations and matches for the record, and the banks' column layouts. The work itself is done on the
reconciliation page (finance.bank.views); layouts are saved through finance.bank.operations."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from coop.admin_base import OperationAdmin, ReadOnlyAdmin
from finance.bank import operations as bank_ops
from finance.bank.models import BankFormat, BankMatch, BankStatement, ReconciliationNote


def reconciliation_url(ledger, account, year, month) -> str:
    return reverse("finance:bank", args=[ledger.village.code]) + "?" + urlencode(
        {"account": account.pk, "year": year, "month": month})


@admin.register(BankStatement)
class BankStatementAdmin(ReadOnlyAdmin):
    list_display = ["ledger", "account", "year", "month", "imported_by", "imported_at", "open_link"]
    list_filter = ["year", "month", "ledger__village__township"]
    list_select_related = ["ledger__village", "account", "imported_by"]
    fields = ["ledger", "account", "year", "month", "bank_format", "original_name", "imported_by", "imported_at"]
    readonly_fields = fields

    @admin.display(description=_("银行存款余额调节表"))
    def open_link(self, obj):
        return format_html('<a href="{}">{}</a>', reconciliation_url(obj.ledger, obj.account, obj.year, obj.month),
                           _("对账"))


@admin.register(ReconciliationNote)
class ReconciliationNoteAdmin(ReadOnlyAdmin):
    list_display = ["ledger", "account", "year", "month", "text", "written_by", "written_at"]
    list_filter = ["year", "month", "ledger__village__township"]
    list_select_related = ["ledger__village", "account", "written_by"]
    fields = list_display
    readonly_fields = fields


@admin.register(BankMatch)
class BankMatchAdmin(ReadOnlyAdmin):
    list_display = ["statement_line", "voucher_line", "automatic", "matched_by", "matched_at"]
    list_select_related = ["statement_line", "voucher_line__voucher", "voucher_line__account", "matched_by"]
    fields = list_display
    readonly_fields = fields


@admin.register(BankFormat)
class BankFormatAdmin(OperationAdmin):
    """A county's layouts, and the built-in shared ones (read-only but for the system administrator). The county
    is the saver's own, set by the operation; only the system administrator picks one (or none, for shared)."""

    list_display = ["bank_name", "county_label", "date_column", "summary_column", "debit_column", "credit_column",
                    "balance_column", "counterparty_column"]
    list_select_related = ["county"]

    @admin.display(description=_("所属县"), ordering="county")
    def county_label(self, obj):
        return obj.county or _("各县通用(内置)")

    def get_exclude(self, request, obj=None):
        if request.user.is_superuser and not request.user.role:
            return []
        return ["county"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.county_id is None and request.user.role:
            return False  # the built-in layout: read here, copied under another name for a county's bank
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # statements imported with a layout keep pointing to it

    def perform(self, request, form, change):
        return bank_ops.save_bank_format(bank_format=form.instance, by=request.user)
