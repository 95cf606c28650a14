"""The village ledger (村集体账套) kept by the township: chart of accounts, periods, vouchers and their lines.

Balances are never stored: every figure is derived from opening balances plus posted voucher lines.
On PostgreSQL the database itself refuses unbalanced vouchers and changes to posted ones (pgtrigger).
"""

import uuid
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.models import Village, money_field


class Chart(models.TextChoices):
    Y2023 = "2023", _("农村集体经济组织会计制度(2023)")
    Y2004 = "2004", _("村集体经济组织会计制度(2004)")


class Category(models.TextChoices):
    ASSET = "asset", _("资产类")
    LIABILITY = "liability", _("负债类")
    EQUITY = "equity", _("所有者权益类")
    COST = "cost", _("成本类")
    INCOME = "income", _("损益类(收入)")
    EXPENSE = "expense", _("损益类(支出)")


class Side(models.TextChoices):
    DEBIT = "debit", _("借")
    CREDIT = "credit", _("贷")


# Checked at commit (a deferred constraint trigger), so lines can be written one by one inside a transaction.
BALANCE_CHECK = """
    vid := {voucher};
    IF NOT EXISTS (SELECT 1 FROM finance_voucher WHERE id = vid) THEN RETURN NULL; END IF;
    SELECT COALESCE(SUM(amount) FILTER (WHERE side = 'debit'), 0),
           COALESCE(SUM(amount) FILTER (WHERE side = 'credit'), 0), COUNT(*)
      INTO debits, credits, n FROM finance_voucherline WHERE voucher_id = vid;
    IF n = 0 OR debits <> credits OR debits <= 0 THEN
        RAISE EXCEPTION '凭证借贷不平衡: voucher %, 借方 %, 贷方 %, 分录 % 条', vid, debits, credits, n
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
"""
BALANCE_DECLARE = [("vid", "bigint"), ("debits", "numeric"), ("credits", "numeric"), ("n", "integer")]

CASH_CODE = "101"  # 库存现金 (2023) / 现金 (2004): the account R1 caps
BANK_CODE = "102"  # 银行存款, in both charts: where R1 sends every receipt


class Account(models.Model):
    """A 会计科目. Standard accounts (no village) come from the chart's data file and cannot be deleted;
    a village adds sub-accounts under the standard ones that allow them."""

    chart = models.CharField(_("会计制度"), max_length=4, choices=Chart, default=Chart.Y2023)
    village = models.ForeignKey(Village, models.PROTECT, null=True, blank=True, related_name="accounts",
                                verbose_name=_("所属村"), help_text=_("留空为标准科目"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("上级科目"))
    code = models.CharField(_("科目代码"), max_length=12,
                            validators=[RegexValidator(r"^\d{3,12}$", _("科目代码应为3至12位数字"))])
    name = models.CharField(_("科目名称"), max_length=40)
    category = models.CharField(_("类别"), max_length=10, choices=Category)
    side = models.CharField(_("余额方向"), max_length=6, choices=Side)
    allows_sub = models.BooleanField(_("可设明细科目"), default=True)
    is_standard = models.BooleanField(_("标准科目"), default=False, editable=False)
    managed_by = models.CharField(_("由业务台账记账"), max_length=20, blank=True, editable=False,
                                  help_text=_("如“股金”:此科目只由对应台账的业务自动记账,不能手工制单"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会计科目")
        verbose_name_plural = _("会计科目")
        ordering = ["chart", "code"]
        constraints = [
            models.UniqueConstraint(fields=["chart", "code"], condition=Q(village__isnull=True),
                                    name="account_standard_code_unique"),
            models.UniqueConstraint(fields=["chart", "village", "code"], condition=Q(village__isnull=False),
                                    name="account_village_code_unique"),
            models.CheckConstraint(condition=Q(is_standard=False) | Q(village__isnull=True),
                                   name="account_standard_has_no_village"),
        ]
        indexes = [models.Index(fields=["village", "chart", "code"])]
        triggers = [
            pgtrigger.Protect(name="standard_account_not_deleted", operation=pgtrigger.Delete,
                              # Written as SQL: Django 6 compiles Q(is_standard=True) to a bare column on
                              # PostgreSQL and "= true" elsewhere, so a Q made migrations differ by database.
                              condition=pgtrigger.Condition('OLD."is_standard"')),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @classmethod
    def scope_q_for(cls, user, villages):
        """Standard accounts are everyone's; a village's own sub-accounts stay in its scope."""
        return Q(village__isnull=True) | Q(village__in=villages)

    @property
    def top_code(self) -> str:
        return self.code[:3]


class Ledger(models.Model):
    """One village's set of books (账套). Its row is the lock that serialises postings and numbering."""

    scope_village = "village"

    village = models.OneToOneField(Village, models.PROTECT, related_name="ledger", verbose_name=_("村"))
    chart = models.CharField(_("会计制度"), max_length=4, choices=Chart, default=Chart.Y2023)
    start_date = models.DateField(_("启用日期"), help_text=_("建账的第一个月的1日"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("建账人"))
    opened_at = models.DateTimeField(_("建账时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("村级账套")
        verbose_name_plural = _("村级账套")
        ordering = ["village__code"]
        constraints = [models.CheckConstraint(condition=Q(start_date__day=1), name="ledger_starts_on_first",
                                              violation_error_message=_("建账日期必须是某月的1日"))]

    def __str__(self):
        return _("%(village)s账套") % {"village": self.village}


class OpeningBalance(models.Model):
    """A balance brought in when the ledger opens (a village moving from paper). Locked once anything posts."""

    scope_village = "ledger__village"

    ledger = models.ForeignKey(Ledger, models.CASCADE, related_name="openings", verbose_name=_("账套"))
    account = models.ForeignKey(Account, models.PROTECT, related_name="+", verbose_name=_("科目"))
    debit = money_field(_("借方余额"), default=Decimal("0.00"))
    credit = money_field(_("贷方余额"), default=Decimal("0.00"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("期初余额")
        verbose_name_plural = _("期初余额")
        ordering = ["ledger", "account__code"]
        constraints = [
            models.UniqueConstraint(fields=["ledger", "account"], name="opening_once_per_account"),
            models.CheckConstraint(condition=(Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0)),
                                   name="opening_one_side_positive"),
        ]

    def __str__(self):
        return f"{self.account}"


class Period(models.Model):
    """A month of one ledger. Township staff open and close it; a closed period takes no postings (R3)."""

    scope_village = "ledger__village"

    class Status(models.TextChoices):
        OPEN = "open", _("未结账")
        CLOSED = "closed", _("已结账")

    ledger = models.ForeignKey(Ledger, models.PROTECT, related_name="periods", verbose_name=_("账套"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000)])
    month = models.PositiveSmallIntegerField(_("月份"))
    status = models.CharField(_("状态"), max_length=6, choices=Status, default=Status.OPEN)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("结账人"))
    closed_at = models.DateTimeField(_("结账时间"), null=True, blank=True)
    # The ledger's chain head when the month closed (finance.chain): the seal of the last voucher posted up to this
    # month, printed on the month's trial balance so that a paper copy proves later which books it came from.
    closed_head_seq = models.PositiveIntegerField(_("结账时防篡改链位"), null=True, blank=True)
    closed_head_hash = models.CharField(_("结账时账簿校验值"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会计期间")
        verbose_name_plural = _("会计期间")
        ordering = ["ledger", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["ledger", "year", "month"], name="period_once_per_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="period_month_1_to_12"),
        ]

    def __str__(self):
        return _("%(year)s年%(month)s月") % {"year": self.year, "month": self.month}


class Voucher(models.Model):
    """A 记账凭证. Numbered per ledger per month without gaps (记字第 N 号) when prepared; never deleted —
    a mistake before posting is voided (作废, keeping its number), after posting reversed."""

    scope_village = "ledger__village"

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("已退回")
        REVIEWED = "reviewed", _("已审核")
        POSTED = "posted", _("已记账")
        VOID = "void", _("作废")

    ledger = models.ForeignKey(Ledger, models.PROTECT, related_name="vouchers", verbose_name=_("账套"))
    period = models.ForeignKey(Period, models.PROTECT, related_name="vouchers", verbose_name=_("会计期间"))
    number = models.PositiveIntegerField(_("凭证号"))
    date = models.DateField(_("日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True)
    attachments = models.PositiveSmallIntegerField(_("附单据张数"), default=0)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("制单人"))
    prepared_at = models.DateTimeField(_("制单时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("记账人"))
    posted_at = models.DateTimeField(_("记账时间"), null=True, blank=True)
    note = models.CharField(_("退回或作废原因"), max_length=200, blank=True)
    reversal_of = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="reversed_by",
                                       verbose_name=_("冲销的原凭证"))
    is_closing = models.BooleanField(_("期末结转凭证"), default=False,
                                     help_text=_("年末结转损益的凭证;收益表的本年数不计入"))
    source = models.CharField(_("业务来源"), max_length=80, blank=True,
                              help_text=_("由其他业务自动生成时,记录来源,如 股金:12"))
    # Tamper evidence (finance.chain): the voucher's place in its ledger's chain and its seal, set when it is
    # posted; the immutability trigger keeps both, like every other column of a posted voucher.
    chain_seq = models.PositiveIntegerField(_("防篡改链位"), null=True, blank=True, editable=False)
    chain_hash = models.CharField(_("防篡改校验值"), max_length=64, blank=True, default="", editable=False,
                                  help_text=_("记账时按本凭证内容及上一张已记账凭证的校验值计算(SHA-256)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("记账凭证")
        verbose_name_plural = _("记账凭证")
        ordering = ["-date", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="voucher_number_unique_in_period"),
            models.CheckConstraint(condition=Q(number__gte=1), name="voucher_number_positive"),
            models.CheckConstraint(
                condition=~Q(status="posted") | Q(posted_by__isnull=False, reviewed_by__isnull=False),
                name="posted_voucher_has_reviewer_and_poster"),
            models.CheckConstraint(condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=models.F("prepared_by")),
                                   name="voucher_reviewer_is_not_preparer",
                                   violation_error_message=_("R2 四眼原则:制单人不得审核自己的凭证")),
            models.CheckConstraint(condition=Q(posted_by__isnull=True) | ~Q(posted_by=models.F("prepared_by")),
                                   name="voucher_poster_is_not_preparer",
                                   violation_error_message=_("R2 四眼原则:制单人不得记账自己的凭证")),
            models.UniqueConstraint(fields=["ledger", "chain_seq"], name="voucher_chain_seq_unique_in_ledger"),
            models.CheckConstraint(condition=~Q(status="posted") | Q(chain_seq__isnull=False),
                                   name="posted_voucher_is_sealed"),
        ]
        # the second: the list's ordering, so a page of 50 is read from the index instead of sorting the scope;
        # the third: the same for one village's list, however many vouchers the other villages hold
        indexes = [models.Index(fields=["ledger", "status", "date"]),
                   models.Index(fields=["-date", "-number"], name="voucher_list_order"),
                   models.Index(fields=["ledger", "-date", "-number"], name="voucher_ledger_list_order")]
        triggers = [
            pgtrigger.Protect(name="posted_voucher_immutable", operation=pgtrigger.Update | pgtrigger.Delete,
                              condition=pgtrigger.Q(old__status="posted")),
            pgtrigger.Protect(name="voucher_never_deleted", operation=pgtrigger.Delete),
            pgtrigger.Trigger(name="voucher_balanced_at_commit", operation=pgtrigger.Insert | pgtrigger.Update,
                              when=pgtrigger.After, timing=pgtrigger.Deferred, declare=BALANCE_DECLARE,
                              func=pgtrigger.Func(BALANCE_CHECK.format(voucher="NEW.id"))),
        ]

    def __str__(self):
        return _("%(period)s 记字第 %(n)s 号") % {"period": self.period_label, "n": self.number}

    @property
    def period_label(self) -> str:
        return _("%(year)s年%(month)s月") % {"year": self.date.year, "month": self.date.month}

    @property
    def number_label(self) -> str:
        return _("记字第 %(n)s 号") % {"n": self.number}

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class VoucherLine(models.Model):
    """One 分录: an account, a side and a positive amount. Immutable once its voucher is posted."""

    scope_village = "voucher__ledger__village"

    voucher = models.ForeignKey(Voucher, models.PROTECT, related_name="lines", verbose_name=_("凭证"))
    # The voucher's ledger, copied on insert so that a village's reports read only its own lines (an index
    # starting with it) however large the county grows. The trigger below refuses a line whose ledger is not
    # its voucher's, and a posted line never changes.
    ledger = models.ForeignKey(Ledger, models.PROTECT, related_name="+", editable=False, verbose_name=_("账套"))
    line_no = models.PositiveSmallIntegerField(_("行号"))
    summary = models.CharField(_("摘要"), max_length=100)
    account = models.ForeignKey(Account, models.PROTECT, related_name="lines", verbose_name=_("会计科目"))
    side = models.CharField(_("方向"), max_length=6, choices=Side)
    amount = money_field(_("金额"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分录")
        verbose_name_plural = _("分录")
        ordering = ["voucher", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["voucher", "line_no"], name="line_no_unique_in_voucher"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="line_amount_positive",
                                   violation_error_message=_("分录金额必须大于 0")),
        ]
        # the second: a ledger's posted lines per account, read from the index alone (trial balance, balances)
        indexes = [models.Index(fields=["account", "voucher"]),
                   models.Index(fields=["ledger", "account", "voucher"], include=["side", "amount"],
                                name="line_ledger_account")]
        triggers = [
            pgtrigger.Trigger(
                name="posted_lines_immutable",
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                declare=[("voucher_status", "varchar"), ("voucher_ledger", "bigint")],
                func=pgtrigger.Func("""
                    IF TG_OP <> 'INSERT' AND EXISTS (
                        SELECT 1 FROM finance_voucher WHERE id = OLD.voucher_id AND status = 'posted') THEN
                        RAISE EXCEPTION 'R3 已记账凭证的分录不得修改或删除 (voucher %)', OLD.voucher_id
                            USING ERRCODE = 'restrict_violation';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    SELECT status, ledger_id INTO voucher_status, voucher_ledger
                      FROM finance_voucher WHERE id = NEW.voucher_id;
                    IF voucher_status = 'posted' THEN
                        RAISE EXCEPTION 'R3 已记账凭证不得增加或修改分录 (voucher %)', NEW.voucher_id
                            USING ERRCODE = 'restrict_violation';
                    END IF;
                    IF NEW.ledger_id IS DISTINCT FROM voucher_ledger THEN
                        RAISE EXCEPTION '分录的账套 % 与凭证 % 的账套 % 不一致', NEW.ledger_id, NEW.voucher_id,
                            voucher_ledger USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """),
            ),
            pgtrigger.Trigger(
                name="voucher_lines_balanced",
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.After,
                timing=pgtrigger.Deferred,
                declare=BALANCE_DECLARE,
                func=pgtrigger.Func(BALANCE_CHECK.format(voucher="CASE WHEN TG_OP = 'DELETE' "
                                                                 "THEN OLD.voucher_id ELSE NEW.voucher_id END")),
            ),
        ]

    def __str__(self):
        return f"{self.account} {self.get_side_display()} {self.amount}"

    @property
    def debit(self):
        return self.amount if self.side == Side.DEBIT else None

    @property
    def credit(self):
        return self.amount if self.side == Side.CREDIT else None


def voucher_scan_path(instance, filename):
    """A generated name with the extension of the scan's real type: the uploader's name never reaches a path."""
    from finance.scans import type_of

    return (f"vouchers/{instance.voucher.ledger.village.code}/{instance.voucher_id}/"
            f"{uuid.uuid4().hex}.{type_of(instance.content_type).extension}")


class VoucherScan(models.Model):
    """A scanned original document (原始凭证) attached to a voucher. Added at any time and never removed:
    it is evidence, kept like the voucher itself (R3). Its type is the one its content proved on upload
    (finance.scans); the uploader's file name is kept only to be shown."""

    scope_village = "voucher__ledger__village"

    voucher = models.ForeignKey(Voucher, models.PROTECT, related_name="scans", verbose_name=_("凭证"))
    file = models.FileField(_("扫描件"), upload_to=voucher_scan_path)
    original_name = models.CharField(_("原文件名"), max_length=100, blank=True, default="")
    content_type = models.CharField(_("文件类型"), max_length=40, blank=True, default="",
                                    help_text=_("由文件内容判定;早于此字段上传的扫描件为空,按普通文件下载"))
    size = models.PositiveIntegerField(_("大小(字节)"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("原始凭证扫描件")
        verbose_name_plural = _("原始凭证扫描件")
        ordering = ["voucher", "pk"]

    def __str__(self):
        return self.original_name or self.file.name.rsplit("/", 1)[-1]


class StatementLine(models.Model):
    """One line of a statement's layout, kept as data so the county can correct it without a release.

    `formula` is either account terms in the account's normal-side sign — ``101+102``, ``132-133``,
    ``113>`` (the debit-balance details of 113), ``113<`` (its credit-balance details), ``322@open``
    (the balance at the start of the year) — or, after ``=``, other lines by 行次: ``=1+2+5+8``.
    On the balance sheet a term is the closing balance; on the income statement it is the year's
    activity, closing entries excluded.
    """

    class Statement(models.TextChoices):
        BALANCE_SHEET = "balance_sheet", _("资产负债表")
        INCOME = "income", _("收益及收益分配表")

    class Column(models.TextChoices):
        ASSET = "asset", _("资产")
        LIABILITY = "liability", _("负债和所有者权益")
        MAIN = "main", _("项目")

    chart = models.CharField(_("会计制度"), max_length=4, choices=Chart)
    statement = models.CharField(_("报表"), max_length=16, choices=Statement)
    column = models.CharField(_("栏"), max_length=10, choices=Column)
    line_no = models.PositiveSmallIntegerField(_("行次"))
    label = models.CharField(_("项目"), max_length=40)
    formula = models.CharField(_("取数公式"), max_length=200, blank=True,
                               validators=[RegexValidator(r"^\s*(=[\d+\-\s]+|[\d+\-<>@a-z\s]*)$", _("公式格式不正确"))])
    bold = models.BooleanField(_("合计行"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报表项目")
        verbose_name_plural = _("报表项目")
        ordering = ["chart", "statement", "line_no"]
        constraints = [models.UniqueConstraint(fields=["chart", "statement", "line_no"],
                                               name="statement_line_no_unique")]

    def __str__(self):
        return f"{self.get_statement_display()} {self.line_no} {self.label}"

    @classmethod
    def scope_q_for(cls, user, villages):
        """Layouts belong to the chart, not to a village: whoever holds a right on them sees them all."""
        return Q()


class BankPurpose(models.TextChoices):
    """What a village's bank account is for. Money of one purpose is posted to the account the township
    designated for it, never to whichever bank account happens to come first."""

    BASIC = "basic", _("基本户(股金、收入)")
    FUND = "fund", _("互助资金专户")
    PROJECT = "project", _("项目资金专户")


class BankDesignation(models.Model):
    """Which bank account (a leaf under 102) of the village serves a purpose, set by the township."""

    scope_village = "ledger__village"

    ledger = models.ForeignKey(Ledger, models.PROTECT, related_name="bank_designations", verbose_name=_("账套"))
    purpose = models.CharField(_("用途"), max_length=10, choices=BankPurpose)
    account = models.ForeignKey(Account, models.PROTECT, related_name="+", verbose_name=_("银行存款科目"))
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                      verbose_name=_("指定人"))
    designated_at = models.DateTimeField(_("指定时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("银行账户用途")
        verbose_name_plural = _("银行账户用途")
        ordering = ["ledger", "purpose"]
        constraints = [models.UniqueConstraint(fields=["ledger", "purpose"], name="bank_purpose_once_per_ledger",
                                               violation_error_message=_("本村已指定该用途的银行账户"))]

    def __str__(self):
        return f"{self.get_purpose_display()}:{self.account}"


from finance.bank.models import BankFormat, BankMatch, BankStatement, BankStatementLine, ReconciliationNote  # noqa: E402,F401 I001
