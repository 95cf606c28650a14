"""The ledger's rules through the admin over HTTP: the entry form, the workflow buttons, the bulk actions,
sub-accounts and periods. Each refusal names its rule and leaves nothing written."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from finance.models import Account, Period, Voucher, VoucherLine
from tests.builders import lines, posted

RECEIPT = (("102", "debit", "1000.00"), ("301", "credit", "1000.00"))


def std(code):
    return Account.objects.get(chart="2023", code=code, village=None)


def entry_data(books, rows, *, on="2026-11-02", submit=False, attachments=1):
    data = {"ledger": books.ledger.pk, "date": on, "attachments": attachments,
            "lines-TOTAL_FORMS": "6", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "6",
            "lines-MAX_NUM_FORMS": "200"}
    for i, (code, debit, credit, summary) in enumerate(rows):
        data.update({f"lines-{i}-account": std(code).pk, f"lines-{i}-debit": debit, f"lines-{i}-credit": credit,
                     f"lines-{i}-summary": summary})
    if submit:
        data["_submit"] = "1"
    return data


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_chairman_prepares_and_submits_through_the_entry_form(books, client_for):
    client = client_for(books.chair)
    response = client.post(reverse("admin:finance_voucher_add"), entry_data(books, [
        ("102", "500", "", "收到股金"), ("301", "", "500", "")], submit=True))
    assert response.status_code == 302
    voucher = Voucher.objects.get()
    assert (voucher.status, voucher.number, voucher.prepared_by) == ("submitted", 1, books.chair)
    assert list(voucher.lines.values_list("summary", flat=True)) == ["收到股金", "收到股金"]


def test_an_unbalanced_voucher_is_refused_by_the_entry_form(books, client_for):
    response = client_for(books.chair).post(reverse("admin:finance_voucher_add"), entry_data(books, [
        ("102", "500", "", "收到股金"), ("301", "", "400", "")]))
    assert response.status_code == 200
    assert "借贷不平衡" in response.text
    assert not Voucher.objects.exists() and not VoucherLine.objects.exists()


@pytest.mark.parametrize(("rows", "message"), [
    ([("102", "-5", "", "x"), ("301", "", "-5", "x")], "0"),
    ([("102", "5", "5", "x"), ("301", "", "5", "x")], "只能填借方或贷方"),
    ([("102", "5", "", "x")], "两条分录"),
])
def test_bad_lines_are_refused_by_the_entry_form(books, client_for, rows, message):
    response = client_for(books.chair).post(reverse("admin:finance_voucher_add"), entry_data(books, rows))
    assert response.status_code == 200
    assert message in response.text
    assert not Voucher.objects.exists()


def test_a_date_in_a_closed_period_is_refused_by_the_entry_form(books, client_for):
    for month in range(1, 11):
        from finance import operations as fin

        fin.close_period(period=Period.objects.get(ledger=books.ledger, month=month), by=books.officer)
    response = client_for(books.chair).post(reverse("admin:finance_voucher_add"), entry_data(
        books, [("102", "5", "", "x"), ("301", "", "5", "x")], on="2026-10-15"))
    assert response.status_code == 200
    assert "R3" in response.text and "已经结账" in response.text
    assert not Voucher.objects.exists()


def test_a_chairman_cannot_prepare_for_another_village_through_the_form(books, client_for, world):
    from tests.builders import ledger

    other = ledger(world.v21, world.officer2)
    data = entry_data(books, [("102", "5", "", "x"), ("301", "", "5", "x")])
    data["ledger"] = other.pk
    response = client_for(books.chair).post(reverse("admin:finance_voucher_add"), data)
    assert response.status_code == 200
    assert not Voucher.objects.exists()


def step(client, voucher, name, reason=""):
    """A step's button pressed, 记账 with its confirmation given."""
    return client.post(reverse("admin:finance_voucher_step", args=[voucher.pk, name]),
                       {"reason": reason, "confirmed": "yes"})


def prepared(books, by=None):
    from finance import operations as fin

    voucher = fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*RECEIPT), by=by or books.chair)
    return fin.submit(voucher=voucher, by=by or books.chair)


def test_the_workflow_buttons_take_a_voucher_to_posted(books, client_for):
    voucher = prepared(books)
    officer = client_for(books.officer)
    step(officer, voucher, "review")
    step(officer, voucher, "post")
    voucher.refresh_from_db()
    assert voucher.status == "posted" and voucher.posted_by == books.officer


def test_the_review_button_refuses_the_preparer(books, client_for):
    voucher = prepared(books, by=books.officer)
    response = step(client_for(books.officer), voucher, "review")
    assert any("R2" in m for m in texts(response))
    assert Voucher.objects.get(pk=voucher.pk).status == "submitted"


def test_a_chairman_pressing_post_is_refused(books, client_for):
    from finance import operations as fin

    voucher = prepared(books)
    fin.review(voucher=voucher, by=books.officer)
    response = step(client_for(books.chair), voucher, "post")
    assert any("R2" in m for m in texts(response))
    assert Voucher.objects.get(pk=voucher.pk).status == "reviewed"


def test_the_bulk_review_action_reviews_each_and_reports_each_refusal(books, client_for):
    theirs = [prepared(books) for _ in range(2)]
    own = prepared(books, by=books.officer)
    response = client_for(books.officer).post(reverse("admin:finance_voucher_changelist"), {
        "action": "review_selected", "_selected_action": [v.pk for v in theirs + [own]]})
    assert response.status_code == 302
    assert sorted(Voucher.objects.values_list("status", flat=True)) == ["reviewed", "reviewed", "submitted"]
    assert any("R2" in m for m in texts(response))


def test_a_chairman_has_no_review_or_post_actions(books, client_for):
    response = client_for(books.chair).get(reverse("admin:finance_voucher_changelist"))
    actions = {name for name, _ in response.context["action_form"].fields["action"].choices}
    assert "submit_selected" in actions
    assert not {"review_selected", "post_selected"} & actions


def test_a_chairman_posting_through_the_bulk_action_is_refused(books, client_for):
    from finance import operations as fin

    voucher = fin.review(voucher=prepared(books), by=books.officer)
    client_for(books.chair).post(reverse("admin:finance_voucher_changelist"), {
        "action": "post_selected", "_selected_action": [voucher.pk]})
    assert Voucher.objects.get(pk=voucher.pk).status == "reviewed"


def test_a_posted_voucher_has_no_edit_page_and_no_delete(books, client_for):
    voucher = posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.officer)
    client = client_for(books.officer)
    assert client.get(reverse("admin:finance_voucher_edit", args=[voucher.pk])).status_code == 403
    assert client.get(reverse("admin:finance_voucher_delete", args=[voucher.pk])).status_code == 403
    page = client.get(reverse("admin:finance_voucher_change", args=[voucher.pk]))
    assert "冲销" in page.text and "壹仟元整" in page.text


def test_reversing_through_the_admin_creates_a_pointing_voucher(books, client_for):
    voucher = posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.officer)
    response = client_for(books.officer).post(reverse("admin:finance_voucher_reverse", args=[voucher.pk]),
                                              {"date": "2026-11-03", "reason": "重复入账"})
    reversal = Voucher.objects.get(reversal_of=voucher)
    assert response.url == reverse("admin:finance_voucher_change", args=[reversal.pk])
    assert reversal.status == "submitted"
    assert {(ln.account.code, ln.side) for ln in reversal.lines.all()} == {("102", "credit"), ("301", "debit")}


def test_an_officer_of_another_township_cannot_open_the_voucher(books, client_for):
    voucher = prepared(books)
    client = client_for(books.outsider)
    assert client.get(reverse("admin:finance_voucher_change", args=[voucher.pk])).status_code == 302
    assert step(client, voucher, "review").status_code == 404
    assert Voucher.objects.get(pk=voucher.pk).status == "submitted"


def test_a_returned_voucher_is_corrected_in_the_entry_form(books, client_for):
    from finance import operations as fin

    voucher = fin.return_voucher(voucher=prepared(books), by=books.officer, reason="金额不对")
    response = client_for(books.chair).post(reverse("admin:finance_voucher_edit", args=[voucher.pk]), entry_data(
        books, [("102", "900", "", "收到股金"), ("301", "", "900", "")], submit=True))
    assert response.status_code == 302
    voucher.refresh_from_db()
    assert voucher.status == "submitted" and voucher.number == 1
    assert set(voucher.lines.values_list("amount", flat=True)) == {900}


def test_a_village_sub_account_is_added_through_the_admin_and_refused_when_malformed(books, client_for):
    client = client_for(books.officer)
    url = reverse("admin:finance_account_add")
    bad = client.post(url, {"parent": std("102").pk, "village": books.ledger.village.pk, "code": "1029",
                            "name": "错误代码"})
    assert bad.status_code == 200 and "两位数字" in bad.text
    good = client.post(url, {"parent": std("102").pk, "village": books.ledger.village.pk, "code": "10201",
                             "name": "农村信用社"})
    assert good.status_code == 302
    assert Account.objects.filter(code="10201", village=books.ledger.village).count() == 1


def test_a_sub_account_is_added_through_the_admin_under_an_account_already_posted_to(books, client_for):
    posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.officer)
    response = client_for(books.officer).post(reverse("admin:finance_account_add"), {
        "parent": std("102").pk, "village": books.ledger.village.pk, "code": "10201", "name": "农村信用社"})
    assert response.status_code == 302
    assert Account.objects.filter(code="10201", village=books.ledger.village).count() == 1


def test_closing_periods_through_the_admin_action_goes_in_order(books, client_for):
    client = client_for(books.officer)
    periods = Period.objects.filter(ledger=books.ledger, month__in=[2, 3])
    response = client.post(reverse("admin:finance_period_changelist"), {
        "action": "close_selected", "_selected_action": [p.pk for p in periods]})
    assert any("顺序" in m for m in texts(response))
    assert not Period.objects.filter(status="closed").exists()
    jan = Period.objects.filter(ledger=books.ledger, month__in=[1, 2])
    client.post(reverse("admin:finance_period_changelist"), {
        "action": "close_selected", "_selected_action": [p.pk for p in jan]})
    assert set(Period.objects.filter(status="closed").values_list("month", flat=True)) == {1, 2}


def test_a_chairman_cannot_close_a_period(books, client_for):
    period = Period.objects.get(ledger=books.ledger, month=1)
    client_for(books.chair).post(reverse("admin:finance_period_changelist"), {
        "action": "close_selected", "_selected_action": [period.pk]})
    assert Period.objects.get(pk=period.pk).status == "open"


def test_an_officer_opens_a_ledger_and_the_next_month_through_the_admin(world, client_for):
    officer = world.users["township_officer"]
    client = client_for(officer)
    response = client.post(reverse("admin:finance_ledger_add"), {"village": world.v12.pk, "chart": "2023",
                                                                 "start_date": "2026-10-01"})
    assert response.status_code == 302
    from finance.models import Ledger

    books = Ledger.objects.get(village=world.v12)
    client.post(reverse("admin:finance_ledger_open_period", args=[books.pk]))
    assert list(books.periods.order_by("month").values_list("month", flat=True)) == [10, 11]
    refused = client.post(reverse("admin:finance_ledger_add"), {"village": world.v12.pk, "chart": "2023",
                                                                "start_date": "2026-10-15"})
    assert refused.status_code == 200


def test_the_printed_voucher_carries_the_amount_in_capitals(books, client_for):
    import io

    from pypdf import PdfReader

    voucher = posted(books.ledger, books.day, (("102", "debit", "12345.67"), ("301", "credit", "12345.67")),
                     preparer=books.chair, approver=books.officer)
    response = client_for(books.auditor).get(reverse("admin:finance_voucher_print", args=[voucher.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace(" ", "")
    assert "壹万贰仟叁佰肆拾伍元陆角柒分" in text
    assert "记字第1号" in text and "12,345.67" in text



def test_the_year_end_transfer_is_generated_from_the_ledger_page(books, client_for, world):
    from tests.builders import account, ledger

    last_year = ledger(world.v12, books.officer, start=date(2025, 1, 1), through=(2025, 12))
    chair12 = account("chair12", "chairman", village=world.v12)
    posted(last_year, date(2025, 5, 1), (("102", "debit", "700"), ("501", "credit", "700")), preparer=chair12,
           approver=books.officer)
    response = client_for(books.officer).post(reverse("admin:finance_ledger_year_end", args=[last_year.pk]),
                                              {"year": "2025"})
    closing = Voucher.objects.get(is_closing=True)
    assert response.url == reverse("admin:finance_voucher_change", args=[closing.pk])
    assert closing.status == "submitted" and closing.date == date(2025, 12, 31)
    refused = client_for(books.chair).post(reverse("admin:finance_ledger_year_end", args=[last_year.pk]),
                                           {"year": "2025"})
    assert refused.status_code in (302, 403)
    assert Voucher.objects.filter(is_closing=True).count() == 1


def test_r1_the_post_button_refuses_cash_above_the_cap(books, client_for):
    from finance import operations as fin

    voucher = fin.prepare(ledger=books.ledger, on=books.day, by=books.chair,
                          lines=lines(("101", "debit", "20"), ("501", "credit", "20")))
    fin.submit(voucher=voucher, by=books.chair)
    fin.review(voucher=voucher, by=books.officer)
    response = step(client_for(books.officer_b), voucher, "post")
    assert any("R1" in m and "村财镇管" in m for m in texts(response))
    assert Voucher.objects.get(pk=voucher.pk).status == "reviewed"


def test_statement_lines_are_corrected_by_the_county_and_typos_are_refused(books, client_for, world):
    from finance.models import StatementLine

    line = StatementLine.objects.get(chart="2023", statement="balance_sheet", line_no=1)
    client = client_for(world.users["county_admin"])
    url = reverse("admin:finance_statementline_change", args=[line.pk])
    for formula, message in (("=1+999", "不存在的行次"), ("101+109", "不在科目表中"), ("101;102", "公式格式不正确")):
        response = client.post(url, {"label": "货币资金", "formula": formula})
        assert response.status_code == 200 and message in response.text, formula
    assert client.post(url, {"label": "货币资金", "formula": " 101 + 102 ", "bold": ""}).status_code == 302
    line.refresh_from_db()
    assert line.formula == "101+102"


def test_a_chairman_finds_the_import_on_the_voucher_list(books, client_for):
    page = client_for(books.chair).get(reverse("admin:finance_voucher_changelist"))
    assert reverse("finance:import", args=[books.ledger.village.code]) in page.text


def test_a_ledger_must_start_on_the_first_with_a_clear_message(world, client_for):
    response = client_for(world.users["township_officer"]).post(reverse("admin:finance_ledger_add"), {
        "village": world.v12.pk, "chart": "2023", "start_date": "2026-10-15"})
    assert response.status_code == 200 and "建账日期必须是某月的1日" in response.text


def add_sub(books, code="10201", parent="102", **kw):
    from finance import operations as fin

    return fin.add_sub_account(parent=std(parent), village=books.ledger.village, code=code, name="明细",
                               by=books.officer, **kw)


def test_an_unused_sub_account_is_deleted_through_the_admin(books, client_for):
    account = add_sub(books)
    response = client_for(books.officer).post(reverse("admin:finance_account_delete", args=[account.pk]),
                                              {"post": "yes"})
    assert response.status_code == 302 and not Account.objects.filter(pk=account.pk).exists()


def test_a_sub_account_in_use_or_kept_by_a_register_is_not_deleted(books, client_for):
    from coop.errors import RuleViolation
    from finance import operations as fin

    used = add_sub(books)
    posted(books.ledger, books.day, (("10201", "debit", "5"), ("321", "credit", "5")), preparer=books.chair,
           approver=books.officer)
    kept = add_sub(books, code="30101", parent="301", managed_by="股金")
    with pytest.raises(RuleViolation, match="R3"):
        fin.remove_sub_account(account=used, by=books.officer)
    with pytest.raises(RuleViolation, match="由股金台账使用"):
        fin.remove_sub_account(account=kept, by=books.officer)
    client = client_for(books.officer)
    response = client.post(reverse("admin:finance_account_delete", args=[kept.pk]), {"post": "yes"})
    assert response.status_code == 302 and response.url == reverse("admin:finance_account_change", args=[kept.pk])
    assert any("由股金台账使用" in str(m) for m in get_messages(response.wsgi_request))
    client.get(reverse("admin:finance_account_changelist"))  # shows, and so uses up, the message above
    spare = add_sub(books, code="10202")
    bulk = client.post(reverse("admin:finance_account_changelist"), {
        "action": "delete_selected", "post": "yes", "_selected_action": [kept.pk, spare.pk]})
    said = [str(m) for m in get_messages(bulk.wsgi_request)]
    assert "已删除 1 条记录" in said and any("30101" in m and "不能删除" in m for m in said)
    assert not any("成功删除" in m for m in said)  # Django's own count would include the refused row
    assert set(Account.objects.filter(pk__in=[used.pk, kept.pk, spare.pk]).values_list("pk", flat=True)) == {
        used.pk, kept.pk}
