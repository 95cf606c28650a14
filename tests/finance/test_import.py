"""Excel import of opening balances and vouchers, from the web page and the management command:
a preview first, errors per row in Chinese, and all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from finance.imports import parse
from finance.models import OpeningBalance, Voucher
from tests import builders
from tests.builders import posted

VOUCHER_HEADER = ["日期", "凭证号", "摘要", "科目代码", "借方金额", "贷方金额", "附单据张数"]
GOOD_VOUCHERS = [
    ["2026-11-01", 1, "收到入股股金", "102", 1000, None, 2],
    ["2026-11-01", 1, "收到入股股金", "301", None, 1000, None],
    ["2026-11-03", 2, "支付办公费", "513", "56.50", None, 1],
    ["2026-11-03", 2, "支付办公费", "102", None, "56.50", None],
]


def xlsx(rows, header=VOUCHER_HEADER) -> bytes:
    return builders.xlsx(rows, header)


def test_good_vouchers_are_previewed_and_then_written_on_confirmation(books, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(books.chair)
    url = reverse("finance:import", args=[books.ledger.village.code])
    preview = client.post(url, {"kind": "vouchers", "file": SimpleUploadedFile("v.xlsx", xlsx(GOOD_VOUCHERS))})
    assert preview.status_code == 200 and "预览" in preview.text
    assert not Voucher.objects.exists()
    confirm = client.post(url, {"token": preview.context["token"], "kind": "vouchers"})
    assert confirm.status_code == 302
    vouchers = list(Voucher.objects.order_by("number"))
    assert [(v.number, v.status, v.attachments) for v in vouchers] == [(1, "submitted", 2), (2, "submitted", 1)]
    assert not list(tmp_path.joinpath("imports").iterdir())


BAD_ROWS = [
    ("a date that is no date", [["昨天", 1, "x", "102", 1, None], ["昨天", 1, "x", "301", None, 1]], "日期"),
    ("no voucher number", [["2026-11-01", "", "x", "102", 1, None], ["2026-11-01", "", "x", "301", None, 1]],
     "凭证号"),
    ("no summary", [["2026-11-01", 1, "", "102", 1, None], ["2026-11-01", 1, "x", "301", None, 1]], "摘要"),
    ("unknown account", [["2026-11-01", 1, "x", "999", 1, None], ["2026-11-01", 1, "x", "301", None, 1]],
     "不在本村的科目表中"),
    ("text amount", [["2026-11-01", 1, "x", "102", "一百", None], ["2026-11-01", 1, "x", "301", None, 1]],
     "不是有效的金额"),
    ("negative amount", [["2026-11-01", 1, "x", "102", -1, None], ["2026-11-01", 1, "x", "301", None, -1]],
     "负数"),
    ("both sides on a row", [["2026-11-01", 1, "x", "102", 1, 1], ["2026-11-01", 1, "x", "301", None, 1]],
     "只填一个"),
    ("unbalanced", [["2026-11-01", 1, "x", "102", 2, None], ["2026-11-01", 1, "x", "301", None, 1]], "借贷不平衡"),
    ("three decimals", [["2026-11-01", 1, "x", "102", "1.005", None], ["2026-11-01", 1, "x", "301", None, "1.005"]],
     "两位小数"),
    ("a date before the books begin", [["2025-12-01", 1, "x", "102", 1, None], ["2025-12-01", 1, "x", "301", None, 1]],
     "早于建账日期"),
    ("a parent account with details", [["2026-11-01", 1, "x", "322", 1, None], ["2026-11-01", 1, "x", "102", None, 1]],
     "明细科目"),
    ("two dates in one voucher", [["2026-11-01", 1, "x", "102", 1, None], ["2026-11-02", 1, "x", "301", None, 1]],
     "日期不一致"),
]


@pytest.mark.parametrize(("rows", "message"), [(r, m) for _, r, m in BAD_ROWS], ids=[n for n, _, _ in BAD_ROWS])
def test_a_file_with_one_bad_row_writes_nothing(books, client_for, rows, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(books.chair)
    url = reverse("finance:import", args=[books.ledger.village.code])
    response = client.post(url, {"kind": "vouchers", "file": SimpleUploadedFile("v.xlsx", xlsx(GOOD_VOUCHERS + rows))})
    assert response.status_code == 200
    assert message in response.text
    assert "token" not in response.context or not response.context.get("token")
    assert not Voucher.objects.exists()


@pytest.mark.parametrize(("content", "message"), [
    (b"this is not a spreadsheet", "无法读取文件"),
    (xlsx([], header=["名称", "金额"]), "缺少列"),
    (xlsx([]), "没有数据行"),
])
def test_malformed_files_get_a_clear_answer(books, content, message):
    parsed = parse.parse(content, "vouchers", books.ledger)
    assert not parsed.ok and message in parsed.errors[0].message


def test_an_oversized_file_is_refused(books, client_for):
    response = client_for(books.chair).post(reverse("finance:import", args=[books.ledger.village.code]), {
        "kind": "vouchers", "file": SimpleUploadedFile("big.xlsx", b"0" * (parse.MAX_BYTES + 1))})
    assert "5 MB" in response.text
    assert not Voucher.objects.exists()


def test_a_chairman_cannot_import_into_another_village(books, client_for, world):
    from tests.builders import ledger

    ledger(world.v21, world.officer2)
    response = client_for(books.chair).post(reverse("finance:import", args=[world.v21.code]), {
        "kind": "vouchers", "file": SimpleUploadedFile("v.xlsx", xlsx(GOOD_VOUCHERS))})
    assert response.status_code == 404
    assert not Voucher.objects.exists()


def test_a_chairman_cannot_import_opening_balances(books, client_for):
    response = client_for(books.chair).post(reverse("finance:import", args=[books.ledger.village.code]), {
        "kind": "openings", "file": SimpleUploadedFile("o.xlsx", parse.template("openings"))})
    assert response.status_code == 403
    assert not OpeningBalance.objects.exists()


def test_someone_elses_upload_cannot_be_confirmed(books, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("finance:import", args=[books.ledger.village.code])
    preview = client_for(books.chair).post(url, {"kind": "vouchers",
                                                 "file": SimpleUploadedFile("v.xlsx", xlsx(GOOD_VOUCHERS))})
    response = client_for(books.officer).post(url, {"token": preview.context["token"], "kind": "vouchers"})
    assert response.status_code == 403
    assert not Voucher.objects.exists()


def test_opening_balances_from_the_template_are_imported_by_an_officer(books, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(books.officer)
    url = reverse("finance:import", args=[books.ledger.village.code])
    template = client.get(url, {"template": "openings"})
    preview = client.post(url, {"kind": "openings", "file": SimpleUploadedFile("o.xlsx", template.content)})
    client.post(url, {"token": preview.context["token"], "kind": "openings"})
    assert sorted(OpeningBalance.objects.values_list("account__code", "debit", "credit")) == [
        ("102", 50000, 0), ("301", 0, 50000)]


def test_unbalanced_opening_balances_are_refused(books):
    data = xlsx([["102", "银行存款", 100, None], ["301", "资本", None, 90]], header=parse.OPENING_HEADERS)
    parsed = parse.parse(data, "openings", books.ledger)
    assert not parsed.ok and "不平衡" in parsed.errors[0].message


def test_opening_balances_are_locked_once_anything_is_posted(books):
    posted(books.ledger, books.day, (("102", "debit", "1"), ("301", "credit", "1")), preparer=books.chair,
           approver=books.officer)
    parsed = parse.parse(parse.template("openings"), "openings", books.ledger)
    from coop.errors import RuleViolation

    with pytest.raises(RuleViolation) as err:
        parse.apply(parsed, books.ledger, books.officer)
    assert err.value.rule == "R3"
    assert not OpeningBalance.objects.exists()


def test_r1_cash_in_the_opening_balances_is_refused(books):
    data = xlsx([["101", "库存现金", 10, None], ["301", "资本", None, 10]], header=parse.OPENING_HEADERS)
    from coop.errors import RuleViolation

    with pytest.raises(RuleViolation) as err:
        parse.apply(parse.parse(data, "openings", books.ledger), books.ledger, books.officer)
    assert err.value.rule == "R1"


def test_the_command_checks_with_dry_run_and_then_imports(books, tmp_path):
    path = tmp_path / "v.xlsx"
    path.write_bytes(xlsx(GOOD_VOUCHERS))
    out = io.StringIO()
    call_command("import_ledger", str(path), village=books.ledger.village.code, user="chair11", dry_run=True,
                 stdout=out)
    assert "检查通过" in out.getvalue() and not Voucher.objects.exists()
    call_command("import_ledger", str(path), village=books.ledger.village.code, user="chair11", stdout=out)
    assert Voucher.objects.count() == 2


def test_the_command_refuses_a_bad_file_and_writes_nothing(books, tmp_path):
    path = tmp_path / "v.xlsx"
    path.write_bytes(xlsx(GOOD_VOUCHERS + BAD_ROWS[0][1]))
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_ledger", str(path), village=books.ledger.village.code, user="chair11",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert not Voucher.objects.exists()


def test_the_command_applies_the_rules_of_the_user_it_runs_as(books, tmp_path):
    path = tmp_path / "v.xlsx"
    path.write_bytes(xlsx(GOOD_VOUCHERS))
    with pytest.raises(CommandError, match="R2"):
        call_command("import_ledger", str(path), village=books.ledger.village.code, user="auditor1",
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert not Voucher.objects.exists()


def test_dates_out_of_the_ledger_are_reported_per_row(books):
    rows = [[date(2025, 12, 1), 1, "x", "102", 1, None], [date(2025, 12, 1), 1, "x", "301", None, 1]]
    parsed = parse.parse(xlsx(rows), "vouchers", books.ledger)
    assert [e.row for e in parsed.errors] == [2]


def test_an_unbalanced_voucher_names_every_row_it_spans(books, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unbalanced = [["2026-11-05", 3, "x", "102", 2, None], ["2026-11-05", 3, "x", "301", None, 1]]  # rows 6 and 7
    response = client_for(books.chair).post(
        reverse("finance:import", args=[books.ledger.village.code]),
        {"kind": "vouchers", "file": SimpleUploadedFile("v.xlsx", xlsx(GOOD_VOUCHERS + unbalanced))})
    assert [e.rows for e in response.context["parsed"].errors] == ["6–7"]
    assert "<td>6–7</td>" in response.text


def test_a_voucher_split_across_the_file_names_each_run_of_rows():
    assert parse.RowError(4, "", "", spans=(4, 5, 9)).rows == "4–5、9"
    assert parse.RowError(0, "", "").rows == ""


def test_a_previews_row_errors_are_not_attempts_in_the_breach_log(books):
    """A preview writes nothing and changes nothing; what the breach log counts is a refused change."""
    from supervision.models import Attempt

    rows = [[date(2025, 12, 1), 1, "x", "999", 1, None], [date(2025, 12, 1), 1, "x", "301", None, 1]]
    parsed = parse.parse(xlsx(rows), "vouchers", books.ledger)
    assert len(parsed.errors) >= 2
    assert not Attempt.objects.exists()
