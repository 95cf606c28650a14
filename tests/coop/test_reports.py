"""coop.reports: the shared PDF / xlsx / screen output of every report, and the voucher print."""

import datetime
import logging
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from coop import reports
from coop.money import daxie
from coop.reports import Column, Report

ORG = "留坝县桑园村扶贫互助合作社"


def balance_report(n_rows=120, *, landscape=False) -> Report:
    columns = [
        Column("code", "科目编码", width=0.8),
        Column("name", "科目名称", width=2),
        Column("open_dr", "借方", "money", group="期初余额"),
        Column("open_cr", "贷方", "money", group="期初余额"),
        Column("dr", "借方", "money", group="本期发生额"),
        Column("cr", "贷方", "money", group="本期发生额"),
        Column("count", "笔数", "int", width=0.5),
        Column("last", "最后发生", "date"),
    ]
    rows = [
        {
            "code": f"{1000 + i}",
            "name": f"明细科目{i}" if i % 9 else f"农村信用社桑园分社往来——第{i}户",
            "open_dr": Decimal("15000.00") + i,
            "open_cr": None,
            "dr": Decimal("1234.50") * i,
            "cr": Decimal("-20.5") if i == 7 else Decimal(0),
            "count": i * 10,
            "last": datetime.date(2026, 11, 1 + i % 28),
            "_indent": 1 if i % 3 else 0,
            "_style": "muted" if i == 5 else "",
        }
        for i in range(n_rows)
    ]
    rows.append({"code": "=1+1", "name": "+危险的文本", "dr": Decimal("-1234.56")})
    rows.append({"name": "合计", "_style": "total", "open_dr": Decimal("1844000"), "open_cr": Decimal(0)})
    return Report(
        title="科目余额表", org=ORG, period="2026年1月—11月", columns=columns, rows=rows,
        meta=[("科目级次", "一级")], notes=["注：测试数据。"], landscape=landscape, filename="科目余额表",
    )


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Letter-spaced titles come out of pypdf as 记 账 凭 证: compare without whitespace."""
    return "".join(text.split())


class WarningLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def long_pdf():
    """Rendered once for the module; every WeasyPrint warning logged meanwhile is kept."""
    log, logger = WarningLog(), logging.getLogger("weasyprint")
    logger.addHandler(log)
    try:
        pdf = reports.render_pdf(balance_report())
    finally:
        logger.removeHandler(log)
    return pdf, log.messages


def glyph_problems(messages):
    return [m for m in messages if ".notdef" in m or "glyph" in m.lower()]


# ---------------------------------------------------------------- cells and headers


@pytest.mark.parametrize(("value", "total", "text"), [
    (Decimal("1844000"), False, "1,844,000.00"),
    (Decimal("-1234.565"), False, "-1,234.57"),
    (Decimal(0), False, ""),
    (Decimal(0), True, "0.00"),
    (None, False, ""),
    (None, True, ""),
])
def test_money_cells_have_no_symbol_and_blank_zeros(value, total, text):
    assert reports.format_cell(Column("x", "金额", "money"), value, total=total) == text


def test_other_cells():
    assert reports.format_cell(Column("n", "笔数", "int"), 12345) == "12,345"
    assert reports.format_cell(Column("d", "日期", "date"), datetime.date(2026, 1, 5)) == "2026-01-05"
    assert reports.format_cell(Column("t", "摘要"), 101) == "101"


def test_groups_span_their_columns_and_the_others_span_both_rows():
    top, bottom = reports.header_rows(balance_report(1).columns)
    assert [(h["label"], h["colspan"], h["rowspan"]) for h in top] == [
        ("科目编码", 1, 2), ("科目名称", 1, 2), ("期初余额", 2, 1), ("本期发生额", 2, 1), ("笔数", 1, 2),
        ("最后发生", 1, 2)]
    assert [(h["label"], h["col"]) for h in bottom] == [("借方", 2), ("贷方", 3), ("借方", 4), ("贷方", 5)]


def test_typos_in_kinds_and_styles_are_refused():
    with pytest.raises(ValueError):
        Column("x", "金额", "monney")
    report = balance_report(1)
    report.rows.append({"_style": "totals"})
    with pytest.raises(ValueError):
        reports.body_rows(report)


def test_numbers_get_room_and_widths_add_up():
    widths = reports.column_widths(balance_report(1), reports.body_rows(balance_report(1)))
    assert sum(widths) == pytest.approx(100)
    assert widths[2] > 100 / 8.3  # the money column grew for 1,844,000.00 in bold


# ---------------------------------------------------------------- PDF


def test_long_report_has_numbered_pages_and_a_repeated_header(long_pdf):
    pdf, _ = long_pdf
    texts = page_texts(pdf)
    pages = len(texts)
    assert pages >= 2
    first = texts[0]
    assert "科目余额表" in squeeze(first)
    assert ORG in first and "2026年1月—11月" in first and "单位：元" in first and "科目级次：一级" in first
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {pages} 页" in text
        assert "科目名称" in text and "期初余额" in text  # the header, on every page
    assert "（续）" in texts[1]
    last = texts[-1]
    assert "1,844,000.00" in last and "-1,234.56" in last and "¥" not in "".join(texts)
    assert "会计主管：" in last and "制单：" in last and "注：测试数据。" in last


def test_long_report_prints_every_glyph(long_pdf):
    _, messages = long_pdf
    assert not glyph_problems(messages), messages


def test_landscape_and_no_glyph_warnings(caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf = reports.render_pdf(balance_report(30, landscape=True))
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    assert not glyph_problems(r.getMessage() for r in caplog.records if r.name.startswith("weasyprint"))


def test_a_missing_glyph_is_detected(caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    with reports.missing_glyphs() as found:
        reports.html_to_pdf("<p>私用区 \U000f0000</p>")
    assert found and glyph_problems(r.getMessage() for r in caplog.records)


def test_fonts_are_subset():
    pdf = reports.render_pdf(balance_report(3))
    assert len(pdf) < 600_000  # full CJK fonts would be ~15 MB


def test_an_empty_report_still_renders():
    report = balance_report(0)
    report.rows = []
    assert "无数据" in page_texts(reports.render_pdf(report))[0]


# ---------------------------------------------------------------- URL fetcher


@pytest.mark.parametrize("url", [
    "http://example.com/",
    "https://example.com/logo.png",
    "file:///etc/passwd",
    "data:text/plain,hello",
    "ftp://example.com/x",
])
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(reports.URLNotAllowed):
        reports.url_fetcher().fetch(url)


def test_the_fetcher_refuses_climbing_out_of_static():
    root = reports.static_roots()[0]
    with pytest.raises(reports.URLNotAllowed):
        reports.url_fetcher().fetch(root.as_uri() + "/../../../../etc/passwd")


def test_the_fetcher_reads_project_and_admin_static_files():
    fetcher, roots = reports.url_fetcher(), reports.static_roots()
    for root, name in ((roots[0], "coop/coop.css"), (roots[-1], "admin/css/base.css")):
        response = fetcher.fetch((root / name).as_uri())
        try:
            assert response.read(10)
        finally:
            response.close()


def test_relative_urls_resolve_to_the_static_dir():
    assert reports.html_to_pdf('<link rel="stylesheet" href="coop/coop.css"><p>样式</p>').startswith(b"%PDF")


def test_a_template_reaching_for_the_network_stops_the_rendering():
    with pytest.raises(FatalURLFetchingError):
        reports.html_to_pdf('<p>x</p><img src="http://example.com/tracker.png">')


# ---------------------------------------------------------------- xlsx


def test_xlsx_reads_back_with_numbers_merges_and_no_formulas():
    report = balance_report(10)
    ws = load_workbook(BytesIO(reports.render_xlsx(report))).active
    assert ws["A1"].value == "科目余额表"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:H1" in merged
    assert ws["A2"].value == f"编制单位：{ORG}" and ws["H2"].value == "单位：元"
    assert ws["A3"].value == "科目级次：一级"
    assert ws["C4"].value == "期初余额" and "C4:D4" in merged and "E4:F4" in merged
    assert "A4:A5" in merged and ws["C5"].value == "借方" and ws["D5"].value == "贷方"
    first_data = 6
    assert ws.freeze_panes == f"A{first_data}"
    money = ws.cell(first_data + 1, 3)
    assert isinstance(money.value, int | float) and money.value == 15001
    assert money.number_format == "#,##0.00"
    assert ws.cell(first_data + 1, 7).number_format == "#,##0"
    assert ws.cell(first_data + 1, 8).value == datetime.datetime(2026, 11, 2)
    assert ws.cell(first_data, 6).value is None  # zero left blank outside totals
    injected = first_data + 10
    assert ws.cell(injected, 1).value == "=1+1" and ws.cell(injected, 1).data_type == "s"
    assert ws.cell(injected, 1).quotePrefix
    assert ws.cell(injected, 2).value == "+危险的文本" and ws.cell(injected, 2).data_type == "s"
    assert ws.cell(injected, 5).value == pytest.approx(-1234.56) and ws.cell(injected, 5).data_type == "n"
    total = injected + 1
    assert ws.cell(total, 2).value == "合计" and ws.cell(total, 2).font.b
    assert ws.cell(total, 3).value == 1844000 and ws.cell(total, 4).value == 0  # totals show their zeros
    assert ws.print_title_rows == "$4:$5"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1  # 9: A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["B"].width >= 2 * len("农村信用社桑园分社往来")


def test_xlsx_landscape_and_one_level_header():
    report = Report("名册", ORG, "2026年", [Column("a", "姓名"), Column("b", "股金", "money")], [{"a": "张三"}],
                    landscape=True)
    ws = load_workbook(BytesIO(reports.render_xlsx(report))).active
    assert ws.page_setup.orientation == "landscape"
    assert ws["A3"].value == "姓名" and ws.print_title_rows == "$3:$3" and ws.freeze_panes == "A4"


def test_xlsx_sheets_are_named_as_asked_and_kept_unique_and_valid():
    def small(title):
        return Report(title, ORG, "2026年", [Column("a", "姓名")], [{"a": "张三"}])

    data = reports.render_xlsx(small("总分类账"), small("总分类账"), small("总分类账"), small("a/b"), small("x"),
                               sheet_names=["总分类账 101", "总分类账 101", "总分类账", "", "很长" * 20])
    assert load_workbook(BytesIO(data)).sheetnames == [
        "总分类账 101", "总分类账 101 (2)", "总分类账", "report", "很长" * 15 + "很"]
    assert load_workbook(BytesIO(reports.render_xlsx(small("a/b"), small("A/B")))).sheetnames == ["a_b", "A_B (2)"]


def test_a_bundle_binds_reports_each_numbered_on_its_own_with_an_outline_entry_each():
    bundle = reports.render_pdf_bundle([balance_report(60), balance_report(3, landscape=True)],
                                       title="桑园村账簿", bookmarks=["科目余额表 11月"])
    reader = PdfReader(BytesIO(bundle))
    texts = [squeeze(text) for text in page_texts(bundle)]
    counts = [text[text.index("共") + 1:text.index("页", text.index("共"))] for text in texts]
    assert len(texts) >= 3 and counts[-1] == "1" and set(counts[:-1]) == {str(len(texts) - 1)}
    assert [o.title for o in reader.outline] == ["科目余额表 11月", "科目余额表"]
    assert reader.metadata.title == "桑园村账簿"
    assert reader.pages[-1].mediabox.width > reader.pages[0].mediabox.width  # the second report is landscape


# ---------------------------------------------------------------- voucher print


def voucher(number=3, lines=2, *, void=False, note=""):
    amount = Decimal("12345.67")
    body = [{"summary": "收到张三入股股金", "account": "102 银行存款", "sub_account": "10201 农村信用社",
             "debit": amount, "credit": None}]
    for i in range(1, lines):
        body.append({"summary": f"社员股金第{i}笔", "account": "301 资本", "sub_account": f"30101 社员股金{i}",
                     "debit": None, "credit": amount / (lines - 1)})
    return {
        "org": ORG, "date": datetime.date(2026, 11, 25), "number_label": f"记字第 {number} 号", "attachments": 2,
        "lines": body, "total_debit": amount, "total_credit": amount, "total_daxie": daxie(amount),
        "preparer": "李明华", "reviewer": "紫会计", "poster": "紫会计", "supervisor": "", "is_void": void,
        "note": note, "status_label": "已作废" if void else "已记账",
    }


def render_vouchers(*vouchers):
    return reports.render_pdf_template("finance/voucher_print.html", {"vouchers": list(vouchers)})


def test_two_vouchers_share_a_page(caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    texts = page_texts(render_vouchers(voucher(3), voucher(4, note="冲销 2026年10月 记字第 5 号")))
    assert len(texts) == 1
    text = squeeze(texts[0])
    assert text.count("记账凭证") == 2
    for expected in ("记字第3号", "记字第4号", "壹万贰仟叁佰肆拾伍元陆角柒分", "附单据", "2026年11月25日",
                     "12,345.67", "合计（大写）：人民币", "制单：李明华", "审核：紫会计",
                     "备注：冲销2026年10月记字第5号"):
        assert expected in text, expected
    assert "作废" not in text
    assert not glyph_problems(r.getMessage() for r in caplog.records)


def test_a_void_voucher_says_so():
    assert "作废" in page_texts(render_vouchers(voucher(5, void=True)))[0]


def test_a_long_voucher_takes_its_own_page():
    texts = page_texts(render_vouchers(voucher(6), voucher(7, lines=10), voucher(8)))
    assert len(texts) == 3
    assert "记字第7号" in squeeze(texts[1]) and "社员股金第9笔" in texts[1] and "合计" in texts[1]
    assert "记字第8号" in squeeze(texts[2])


def test_a_very_long_voucher_continues_with_its_number():
    texts = page_texts(render_vouchers(voucher(9, lines=45)))
    assert len(texts) == 2
    assert "记字第9号（续）" in squeeze(texts[1]) and "摘要" in squeeze(texts[1])


# ---------------------------------------------------------------- HTTP


def test_pdf_response_names_the_file_in_utf8():
    response = reports.pdf_response(b"%PDF-1.7", "科目余额表 2026年11月")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; filename=\"report.pdf\"; ")
    assert f"filename*=UTF-8''{quote('科目余额表 2026年11月.pdf', safe='')}" in disposition
    assert reports.pdf_response(b"", "a.pdf", inline=False)["Content-Disposition"].startswith(
        "attachment; filename=\"a.pdf\"; filename*=UTF-8''a.pdf")


def test_xlsx_response_is_a_download_and_names_are_cleaned():
    response = reports.xlsx_response(b"PK", '../余额"表\r\n')
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ") and "\n" not in disposition and "/" not in disposition
    assert disposition.endswith(".xlsx")


def test_render_screen_is_an_admin_page(db, rf, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    request = rf.get("/admin/reports/balance/")
    request.user = user
    response = reports.render_screen(request, balance_report(5), pdf_url="/r.pdf", xlsx_url="/r.xlsx",
                                     extra_context={"subtitle": "2026年11月"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>科目余额表</h1>" in html and ORG in html and "coop/report_screen.css" in html
    assert 'href="/r.pdf"' in html and "打印PDF" in html and 'href="/r.xlsx"' in html and "导出Excel" in html
    assert "1,844,000.00" in html and 'colspan="2"' in html
    assert "<h2>2026年11月</h2>" in html  # extra_context reaches the template


def test_render_screen_without_links(db, rf, django_user_model):
    request = rf.get("/")
    request.user = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    html = reports.render_screen(request, balance_report(1)).content.decode()
    assert "打印PDF" not in html and "导出Excel" not in html


def test_a_long_pdf_reports_each_page_as_it_is_laid_out_and_its_estimate_holds():
    from finance.report_jobs import estimated_pages

    vouchers = [voucher(1), voucher(2), voucher(3, lines=8), voucher(4), voucher(5)]
    pages = []
    with reports.page_progress(pages.append):
        texts = page_texts(render_vouchers(*vouchers))
    assert pages == [1, 2, 3] == list(range(1, len(texts) + 1))
    assert estimated_pages(len(v["lines"]) for v in vouchers) == len(texts)
    assert logging.getLogger("weasyprint.progress").handlers == []  # put back as it was
