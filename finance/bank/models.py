"""The bank's side of reconciliation: each bank's column layout, the imported statements and their lines, the
matches to the books' lines, and the explanations that let a month close although the two disagree."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.models import money_field


class BankFormat(models.Model):
    """Which header of a bank's export means what (per bank name), chosen when a statement is imported.

    A layout belongs to one county: its township officers and county administrator keep it, and nobody in
    another county sees or changes it. A layout of no county is the built-in one every county starts from
    (the rural credit cooperative's), read by all and changed only by the system administrator."""

    county = models.ForeignKey("coop.County", models.PROTECT, null=True, blank=True, related_name="bank_formats",
                               verbose_name=_("所属县"), help_text=_("空:各县通用的内置格式"))
    bank_name = models.CharField(_("银行名称"), max_length=40)
    date_column = models.CharField(_("日期列"), max_length=30, default="交易日期")
    summary_column = models.CharField(_("摘要列"), max_length=30, default="摘要")
    debit_column = models.CharField(_("支出(借方)列"), max_length=30, default="支出金额")
    credit_column = models.CharField(_("收入(贷方)列"), max_length=30, default="收入金额")
    balance_column = models.CharField(_("余额列"), max_length=30, default="余额")
    counterparty_column = models.CharField(_("对方户名列"), max_length=30, default="对方户名", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("银行对账单格式")
        verbose_name_plural = _("银行对账单格式")
        ordering = ["bank_name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "bank_name"], name="bank_format_name_unique_in_county",
                                    violation_error_message=_("本县已有同名的对账单格式")),
            models.UniqueConstraint(fields=["bank_name"], condition=Q(county__isnull=True),
                                    name="bank_format_shared_name_unique",
                                    violation_error_message=_("已有同名的通用对账单格式")),
        ]

    def __str__(self):
        return self.bank_name

    @classmethod
    def scope_q_for(cls, user, villages):
        """The built-in layouts, and those of the user's own county (found from the townships in scope, so a
        chairman or a township officer reaches their county without another query)."""
        from coop.access import townships_of
        from coop.roles import Role

        q = Q(county__isnull=True) | Q(county__in=townships_of(user).values("county_id"))
        if user.role in Role.county_wide():
            q |= Q(county_id=user.county_id)
        return q

    @property
    def headers(self) -> dict[str, str]:
        """The statement's fields by the header the bank gives them."""
        pairs = {"date": self.date_column, "summary": self.summary_column, "debit": self.debit_column,
                 "credit": self.credit_column, "balance": self.balance_column,
                 "counterparty": self.counterparty_column}
        return {field: header for field, header in pairs.items() if header}


class BankStatement(models.Model):
    """One month of one bank account as the bank printed it. Imported whole or not at all; its first line
    chains from the previous month's last balance."""

    scope_village = "ledger__village"

    ledger = models.ForeignKey("finance.Ledger", models.PROTECT, related_name="bank_statements",
                               verbose_name=_("账套"))
    account = models.ForeignKey("finance.Account", models.PROTECT, related_name="+", verbose_name=_("银行存款科目"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    bank_format = models.ForeignKey(BankFormat, models.PROTECT, related_name="+", verbose_name=_("对账单格式"))
    original_name = models.CharField(_("原文件名"), max_length=100, blank=True, default="")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("导入人"))
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("银行对账单")
        verbose_name_plural = _("银行对账单")
        ordering = ["ledger", "account", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "ledger", "year", "month"],
                                    name="bank_statement_once_per_account_month",
                                    violation_error_message=_("该银行账户本月的对账单已经导入")),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="bank_statement_month_1_to_12"),
        ]

    def __str__(self):
        return _("%(account)s %(year)s年%(month)s月对账单") % {
            "account": self.account, "year": self.year, "month": self.month}


class BankStatementLine(models.Model):
    """One line of the bank's statement, in the bank's terms: `debit` is money paid out of the account,
    `credit` money received — the mirror of the books, where a receipt is a debit to 102."""

    scope_village = "statement__ledger__village"

    statement = models.ForeignKey(BankStatement, models.CASCADE, related_name="lines", verbose_name=_("对账单"))
    row = models.PositiveIntegerField(_("文件行号"))
    date = models.DateField(_("交易日期"))
    summary = models.CharField(_("摘要"), max_length=100, blank=True, default="")
    counterparty = models.CharField(_("对方户名"), max_length=100, blank=True, default="")
    debit = money_field(_("支出"), default=0)
    credit = money_field(_("收入"), default=0)
    balance = money_field(_("余额"), validators=[])

    class Meta:
        verbose_name = _("对账单明细")
        verbose_name_plural = _("对账单明细")
        ordering = ["statement", "row"]
        constraints = [
            models.CheckConstraint(condition=(Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0)),
                                   name="bank_line_one_side_positive"),
        ]

    def __str__(self):
        amount = self.credit or self.debit
        side = _("收") if self.credit else _("付")
        return f"{self.date:%Y-%m-%d} {self.summary} {side} {amount}"

    @property
    def amount(self):
        return self.credit or self.debit


class BankMatch(models.Model):
    """A statement line and a posted line of the books that are the same money. One-to-one on both sides;
    unmatching deletes the row, and the history keeps who matched and who undid it."""

    scope_village = "statement_line__statement__ledger__village"

    statement_line = models.OneToOneField(BankStatementLine, models.CASCADE, related_name="match",
                                          verbose_name=_("对账单明细"))
    voucher_line = models.OneToOneField("finance.VoucherLine", models.PROTECT, related_name="bank_match",
                                        verbose_name=_("账簿分录"))
    automatic = models.BooleanField(_("自动勾对"), default=False)
    matched_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("勾对人"))
    matched_at = models.DateTimeField(_("勾对时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("对账勾对")
        verbose_name_plural = _("对账勾对")
        ordering = ["statement_line"]

    def __str__(self):
        return _("%(bank)s ↔ %(book)s") % {"bank": self.statement_line, "book": self.voucher_line.voucher}


class ReconciliationNote(models.Model):
    """Why a bank account's statement and books still disagree at a month's end, so that the month may
    close: written by the township officer, read by the auditors."""

    scope_village = "ledger__village"

    ledger = models.ForeignKey("finance.Ledger", models.PROTECT, related_name="reconciliation_notes",
                               verbose_name=_("账套"))
    account = models.ForeignKey("finance.Account", models.PROTECT, related_name="+", verbose_name=_("银行存款科目"))
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    text = models.TextField(_("差异说明"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("说明人"))
    written_at = models.DateTimeField(_("说明时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("对账差异说明")
        verbose_name_plural = _("对账差异说明")
        ordering = ["ledger", "-year", "-month", "-written_at"]

    def __str__(self):
        return _("%(account)s %(year)s年%(month)s月差异说明") % {
            "account": self.account, "year": self.year, "month": self.month}
