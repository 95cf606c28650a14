"""The voucher list's xlsx export: the rows the township officer has filtered on the screen (village, township,
month, status, search — the admin's scoped changelist queryset), in the list's order, with the 金额 合计 row
under them, as the list shows it under the page."""

from decimal import Decimal

from import_export import fields, resources

from coop.resources import day, money
from finance.models import Voucher

TOTAL_LABEL = "合计"


class VoucherResource(resources.ModelResource):
    """One row per voucher, read from the changelist's queryset: the first line's summary and the debit total come
    from its annotations (`first_summary_text`, `total`), the names from its joins, so the export costs the same
    few queries for ten vouchers or ten thousand."""

    date = day("date", "日期")
    number = fields.Field(attribute="number_label", column_name="凭证号")
    township = fields.Field(attribute="ledger__village__township__name", column_name="镇(街道)")
    village = fields.Field(attribute="ledger__village__name", column_name="村")
    summary = fields.Field(attribute="first_summary_text", column_name="摘要")
    amount = money("total", "金额(元)")
    attachments = fields.Field(attribute="attachments", column_name="附单据(张)")
    status = fields.Field(attribute="get_status_display", column_name="状态")
    prepared_by = fields.Field(column_name="制单人")
    reviewed_by = fields.Field(column_name="审核人")
    posted_by = fields.Field(column_name="记账人")

    class Meta:
        model = Voucher
        fields = ("date", "number", "township", "village", "summary", "amount", "attachments", "status",
                  "prepared_by", "reviewed_by", "posted_by")
        export_order = fields

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.total = Decimal("0.00")

    def dehydrate_amount(self, voucher):
        amount = voucher.total or Decimal("0.00")
        self.total += amount
        return amount

    def dehydrate_prepared_by(self, voucher):
        return voucher.prepared_by.get_full_name()

    def dehydrate_reviewed_by(self, voucher):
        return voucher.reviewed_by.get_full_name() if voucher.reviewed_by_id else ""

    def dehydrate_posted_by(self, voucher):
        return voucher.posted_by.get_full_name() if voucher.posted_by_id else ""

    def after_export(self, queryset, dataset, **kwargs):
        """The 合计 row: the sum of the amounts just exported (so it is the total of exactly these rows), under the
        金额 column when it was chosen, with the number of vouchers beside the label."""
        names = [field.column_name for field in self.get_export_fields(kwargs.get("export_fields"))]
        if not names:
            return
        row = [""] * len(names)
        row[0] = f"{TOTAL_LABEL}({len(dataset)} 张)"
        amount_column = self.fields["amount"].column_name
        if amount_column in names:
            row[names.index(amount_column)] = self.total
        dataset.append(row)
