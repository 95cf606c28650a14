"""A village's year of books (年度账簿), as the county's auditors and the township take them away: which reports
make it and in which order, each built by finance.reports.builders, and the one file per village they are bound
into. The report job that makes many villages' at once is `finance.report_jobs.make_year_books`."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.reports import Report, render_pdf_bundle, render_xlsx
from finance import queries
from finance.models import BANK_CODE, CASH_CODE, Ledger, Voucher
from finance.reports import builders

FORMATS = ("pdf", "xlsx")
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Book:
    report: Report
    sheet: str  # the sheet's name in the village's workbook: "总分类账 101", "现金日记账 3月"
    bookmark: str  # its entry in the PDF's outline: "总分类账 101 库存现金", "资产负债表 2025年12月31日"


def admitted(ledgers, year: int, *, today: date | None = None) -> list[Ledger]:
    """The ledgers, of those asked for, that keep books for `year` (opened by its last day), in village order.
    Refuses a year not yet begun or before 2000, and a year before every one of the ledgers was opened."""
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise RuleViolation(Rule.LEDGER, _("年度须在 %(first)s 年至 %(this)s 年之间") % {
            "first": FIRST_YEAR, "this": today.year}, field="year")
    ledgers = sorted(ledgers, key=lambda ledger: ledger.village.code)
    if not ledgers:
        raise RuleViolation(Rule.LEDGER, _("请至少选择一个账套"))
    kept = [ledger for ledger in ledgers if ledger.start_date.year <= year]
    if not kept:
        raise RuleViolation(Rule.LEDGER, _("所选账套都在 %(year)s 年以后才建账,该年度没有账簿") % {"year": year},
                            field="year")
    return kept


def books_month(ledger: Ledger, year: int, *, today: date | None = None) -> int:
    """The month the year's statements are drawn at: December for a past year; in the current year the month the
    books reach — the last month opened or posted in — as the report screens default to the current month."""
    today = today or timezone.localdate()
    if year < today.year:
        return 12
    opened = ledger.periods.filter(year=year).aggregate(last=Max("month"))["last"]
    posted = (Voucher.objects.filter(ledger=ledger, status=Voucher.Status.POSTED, date__year=year)
              .aggregate(last=Max("date"))["last"])
    reached = max(opened or 0, posted.month if posted else 0)
    return reached or today.month


def year_books(ledger: Ledger, year: int, *, today: date | None = None) -> list[Book]:
    """The village's books of the year, in binding order: 科目余额表, 资产负债表 and 收益及收益分配表 at the books'
    month; 总分类账 of each first-level account with a balance brought forward or a posting in the year; then
    现金日记账 and 银行存款日记账 of each month with a posting on 101… or 102…."""
    month = books_month(ledger, year, today=today)
    books = [Book(report, report.title, f"{report.title} {report.period}") for report in (
        builders.trial_balance(ledger, year, month), builders.balance_sheet(ledger, year, month),
        builders.income_statement(ledger, year, month))]
    for account in general_ledger_accounts(ledger, year, month):
        sheet = _("总分类账 %(code)s") % {"code": account.code}
        books.append(Book(builders.general_ledger(ledger, year, account), sheet, f"{sheet} {account.name}"))
    for kind, code, title in (("cash", CASH_CODE, _("现金日记账")), ("bank", BANK_CODE, _("银行存款日记账"))):
        for journal_month in journal_months(ledger, year, code):
            sheet = _("%(title)s %(month)s月") % {"title": title, "month": journal_month}
            books.append(Book(builders.journal(ledger, year, journal_month, kind), sheet, sheet))
    return books


def general_ledger_accounts(ledger: Ledger, year: int, month: int) -> list:
    """The chart's first-level accounts (the standard ones, not a village's own) that the year touched: a balance
    brought forward into it, or a posted line in it up to `month` (their sub-accounts' included)."""
    accounts = []
    for row in queries.trial_balance(ledger, year, month):
        if row.account.parent_id is not None or row.account.village_id is not None:
            continue
        brought_forward = row.closing - row.ytd_debit + row.ytd_credit
        if brought_forward or row.ytd_debit or row.ytd_credit:
            accounts.append(row.account)
    return accounts


def journal_months(ledger: Ledger, year: int, code: str) -> list[int]:
    """The months of the year with a posted line on the account `code` or one of its sub-accounts."""
    days = (queries.posted_lines(ledger).filter(voucher__date__year=year, account__code__startswith=code)
            .dates("voucher__date", "month"))
    return [day.month for day in days]


def village_file(ledger: Ledger, year: int, output: str, *, today: date | None = None) -> tuple[str, bytes]:
    """One village's year of books as one file: a PDF binding every report (each keeping its own page numbers),
    or a workbook with a sheet per report. Returns its name ("紫柏街道-桑园村-2025年账簿.pdf") and its bytes."""
    if output not in FORMATS:
        raise ValueError(f"year books come as {FORMATS}, not {output!r}")
    books = year_books(ledger, year, today=today)
    village = ledger.village
    name = f"{village.township.name}-{village.name}-{year}年账簿.{output}"
    if output == "pdf":
        return name, render_pdf_bundle([book.report for book in books], title=name.removesuffix(".pdf"),
                                       bookmarks=[book.bookmark for book in books])
    return name, render_xlsx(*(book.report for book in books), sheet_names=[book.sheet for book in books])


def title(ledgers, year: int) -> str:
    """"年度账簿-2025年-紫柏街道桑园村" for one village, "年度账簿-2025年-紫柏街道-3个村" for villages of one
    township, "年度账簿-2025年-留坝县-12个村" across townships: the job's title and the download's name."""
    villages = [ledger.village for ledger in ledgers]
    if len(villages) == 1:
        return f"年度账簿-{year}年-{villages[0].township.name}{villages[0].name}"
    townships = {village.township for village in villages}
    org = townships.pop().name if len(townships) == 1 else villages[0].township.county.name
    return f"年度账簿-{year}年-{org}-{len(villages)}个村"
