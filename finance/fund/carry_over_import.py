"""The paper loan list (结转旧账借款清单) from Excel: one row per loan lent before the books opened. Parsing reads the
cells and finds the borrowers and guarantors of the fund's village by ID number (anyone else reads as unknown),
never writing; what the rules refuse is `carry_over.loan_refusals`, asked for the preview, and `carry_over_loans`
applies the file all or nothing. The admin's upload page and `manage.py fund_carry_over` both read through here.
A fixed number of queries whatever the number of rows (tests/fund/test_carry_over_import.py counts them)."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from coop import spreadsheets
from coop.errors import Rule, RuleViolation
from coop.limits import AMOUNT_DIGITS
from coop.spreadsheets import RowError, refused_since_preview, row_errors
from finance.fund.models import CapitalSource, Fund, GuaranteeGroup, RepaymentMethod
from finance.fund.operations import carry_over
from finance.fund.operations.carry_over import CarriedRow, CarriedState
from members.face import CellError, id_number_cell, persons_by_id_number
from members.models import Member

HEADERS = ["合同号", "姓名", "身份证号", "放款日期", "借款金额", "还款方式", "期限(月)", "月占用费率(‰)",
           "日罚息率(‱)", "已还本金", "已付占用费", "状态", "结清或核销日期", "资金来源", "用途", "联保小组",
           "担保人身份证号"]
REQUIRED = ["合同号", "身份证号", "放款日期", "借款金额", "还款方式", "期限(月)", "月占用费率(‰)", "状态"]
COLUMNS = {"member": "身份证号", "contract_no": "合同号", "lent_on": "放款日期", "amount": "借款金额",
           "method": "还款方式", "term_months": "期限(月)", "fee_rate_monthly": "月占用费率(‰)",
           "penalty_rate_daily": "日罚息率(‱)", "repaid_principal": "已还本金", "repaid_fee": "已付占用费",
           "state": "状态", "closed_on": "结清或核销日期", "source": "资金来源", "group": "联保小组",
           "guarantors": "担保人身份证号"}
TEMPLATE_NAME = "结转旧账借款导入模板"
# Read by coop.spreadsheets.number: a blank is None (the operation takes it as 0); a rate's 0–100 is the operation's.
NUMBER_COLUMNS = ("借款金额", "月占用费率(‰)", "日罚息率(‱)", "已还本金", "已付占用费")


@dataclass
class Parsed:
    fund: Fund
    rows: list[CarriedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal("0.00"))

    @property
    def open_principal(self) -> Decimal:
        return sum((row.amount - row.repaid_principal for row in self.rows if row.state in carry_over.OPEN_STATES),
                   Decimal("0.00"))


def template() -> bytes:
    return spreadsheets.template("结转旧账借款", HEADERS, [
        ["LB-2016-001", "刘一", "610729198001010018", "2016-07-01", "5000", "到期一次还本付费", "12", "5", "5",
         "5000", "300", "已结清", "2017-06-28", "县级财政扶贫资金", "养殖土鸡", "", ""],
        ["LB-2025-014", "陈二", "61072919750707003X", "2025-12-10", "4000", "到期一次还本付费", "12", "5", "5",
         "0", "0", "正常还款中", "", "县级财政扶贫资金", "种植天麻", "", "610729198001010018"]])


def _choice(text: str, choices) -> str:
    """A cell naming a choice by its Chinese label or its code; the text itself when it is neither (refused)."""
    for value, label in choices.choices:
        if text in (value, str(label)):
            return value
    return text


def _ids(text: str) -> list[str]:
    return [part for part in re.split(r"[,,、;;\s]+", text) if part]


def parse(data: bytes, fund: Fund) -> Parsed:
    """The file's rows as CarriedRow (each with its Excel row) and every error against its row and column: the
    cells first, then, when they all read, what the operation would refuse."""
    result = Parsed(fund=fund)
    sheet = spreadsheets.read(data, HEADERS, REQUIRED, result.errors)
    if sheet is None:
        return result
    start = _start(fund, result)
    cells, wanted = [], set()
    for n, row in sheet.body:
        try:
            number = id_number_cell(sheet.cell(row, "身份证号"))
            guarantor_ids = [id_number_cell(text) for text in _ids(sheet.text(row, "担保人身份证号"))]
        except CellError as error:
            result.errors.append(RowError(n, "身份证号", str(error)))
            continue
        wanted.update([number, *guarantor_ids])
        cells.append((n, row, number, guarantor_ids))
    members = _members_by_id(fund, wanted)
    groups = {group.name: group for group in GuaranteeGroup.objects.filter(fund=fund)}
    for n, row, number, guarantor_ids in cells:
        carried = _row(result, sheet, n, row, number, guarantor_ids, members, groups)
        if carried is not None:
            result.rows.append(carried)
    if result.rows and start is not None:
        result.errors += row_errors(carry_over.loan_refusals(fund, start, result.rows), COLUMNS)
    result.errors.sort(key=lambda e: e.row)
    return result


def _start(fund, result):
    books = getattr(fund.cooperative.village, "ledger", None)
    if books is None:
        result.errors.append(RowError(0, "", _("%(v)s 尚未建账,请先建账再结转旧账") % {"v": fund.cooperative.village}))
        return None
    return books.start_date


def _members_by_id(fund, numbers) -> dict[str, tuple[str, Member | None]]:
    """ID number → (the person's name, the member of this cooperative of their household or None), for persons of
    the fund's village only (members.face.persons_by_id_number): two queries."""
    persons = persons_by_id_number(numbers, fund.cooperative.village_id)
    members = {m.household_id: m for m in Member.objects.filter(
        cooperative=fund.cooperative, household__in={p.household_id for p in persons.values()})
        .select_related("household")}
    return {number: (person.name, members.get(person.household_id)) for number, person in persons.items()}


def _row(result, sheet, n, row, number, guarantor_ids, members, groups) -> CarriedRow | None:
    errors = []

    def error(column, message):
        errors.append(RowError(n, column, message))

    name, member = members.get(number, ("", None))
    if not name:
        error("身份证号", _("人员名册中没有身份证号为 %(id)s 的人员") % {"id": number})
    elif member is None:
        error("身份证号", _("R6 %(n)s(%(id)s)所在户不是本社社员") % {"n": name, "id": number})
    typed = sheet.text(row, "姓名")
    if name and typed and typed != name:
        error("姓名", _("姓名不符:身份证号 %(id)s 是 %(a)s,文件中为 %(b)s") % {"id": number, "a": name, "b": typed})
    guarantors = []
    for guarantor_id in guarantor_ids:
        g_name, guarantor = members.get(guarantor_id, ("", None))
        if guarantor is None:
            error("担保人身份证号", _("担保人 %(id)s 不是本社社员") % {"id": g_name or guarantor_id})
        else:
            guarantors.append(guarantor)
    dates = {}
    for column in ("放款日期", "结清或核销日期"):
        text = sheet.text(row, column)
        dates[column] = spreadsheets.parse_date(sheet.cell(row, column)) if text else None
        if text and dates[column] is None:
            error(column, _("日期“%(v)s”无法识别,请填写如 2016-07-01") % {"v": text})
    group_name = sheet.text(row, "联保小组")
    if group_name and group_name not in groups:
        error("联保小组", _("本协会没有名为“%(g)s”的联保小组") % {"g": group_name})
    term = sheet.text(row, "期限(月)")
    if not term.isdigit():
        error("期限(月)", _("期限须为整月数,如 12"))
    figures = sheet.numbers(n, row, dict.fromkeys(NUMBER_COLUMNS, AMOUNT_DIGITS), errors)
    if errors:
        result.errors += errors
        return None
    return CarriedRow(
        member=member, contract_no=sheet.text(row, "合同号"), lent_on=dates["放款日期"],
        amount=figures["借款金额"], method=_choice(sheet.text(row, "还款方式"), RepaymentMethod),
        term_months=int(term), fee_rate_monthly=figures["月占用费率(‰)"], penalty_rate_daily=figures["日罚息率(‱)"],
        repaid_principal=figures["已还本金"], repaid_fee=figures["已付占用费"],
        state=_choice(sheet.text(row, "状态"), CarriedState), closed_on=dates["结清或核销日期"],
        source=_choice(sheet.text(row, "资金来源") or CapitalSource.COUNTY_CAPITAL.value, CapitalSource),
        purpose=sheet.text(row, "用途"), group=groups.get(group_name), guarantors=guarantors, row=n)


def apply(parsed: Parsed, by) -> list:
    """Carry the file's loans over through `carry_over_loans`, all or nothing."""
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    try:
        return carry_over.carry_over_loans(fund=parsed.fund, rows=parsed.rows, by=by)
    except carry_over.BatchRefused as refused:  # something changed since the preview
        raise refused_since_preview(refused, COLUMNS) from refused
