"""The servicing through the admin and the printed papers, over HTTP: the same operations, refusals in the rule's
words on the page, buttons and actions only for the role that may use them, PDFs with 大写."""

import io
import subprocess
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from finance.fund import operations as fund_ops
from finance.fund.models import Repayment, Reschedule, Stage, WriteOff
from tests.fund.running import pay, running, with_early_capital


@pytest.fixture
def b(fund_world):
    return with_early_capital(fund_world)


def add_repayment(client, loan, amount, on="2026-03-05"):
    return client.post(reverse("admin:fund_repayment_add") + f"?loan={loan.pk}",
                       {"loan": loan.pk, "paid_on": on, "amount": amount})


def test_the_repayment_form_says_what_is_due_and_the_order_of_allocation(b, client_for):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    page = client_for(b.chair).get(reverse("admin:fund_repayment_add") + f"?loan={loan.pk}")
    assert page.status_code == 200
    assert "提前结清需" in page.text and "罚息 → 逾期占用费 → 当期占用费 → 本金" in page.text


def test_a_chairman_records_a_repayment_and_reads_its_allocation(b, client_for):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    client = client_for(b.chair)
    response = add_repayment(client, loan, "61.00")
    assert response.status_code == 302
    repayment = Repayment.objects.get()
    assert (str(repayment.to_penalty), repayment.recorded_by) == ("0.42", b.chair)
    shown = client.get(reverse("admin:fund_repayment_change", args=[repayment.pk]))
    assert shown.status_code == 200 and "fund-allocation" in shown.text and "2026-00001" in shown.text


def test_the_admin_form_refuses_an_overpayment_with_the_rules_words(b, client_for):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    response = add_repayment(client_for(b.chair), loan, "9000")
    assert response.status_code == 200 and "超过" in response.text and "多收的钱不能入账" in response.text
    assert not Repayment.objects.exists()


def test_only_the_township_has_the_reversal_and_it_asks_a_reason(b, client_for):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    repayment = pay(b, loan, "100", date(2026, 4, 1))
    url = reverse("admin:fund_repayment_changelist")
    chair = client_for(b.chair)
    form = chair.get(url).context["action_form"]
    assert form is None or "reverse_selected" not in {n for n, _ in form.fields["action"].choices}
    chair.post(url, {"action": "reverse_selected", "_selected_action": [repayment.pk], "on": "2026-04-02",
                     "reason": "错"})
    assert Repayment.objects.get().reversed_on is None
    officer = client_for(b.officer)
    asked = officer.post(url, {"action": "reverse_selected", "_selected_action": [repayment.pk]})
    assert asked.status_code == 200 and "冲销原因" in asked.text
    officer.post(url, {"action": "reverse_selected", "_selected_action": [repayment.pk], "on": "2026-04-02",
                       "reason": "金额录错"})
    assert Repayment.objects.get().reversed_on == date(2026, 4, 2)


def test_a_reschedule_is_asked_by_the_chairman_and_decided_on_its_page_by_the_officer(b, client_for):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    response = client_for(b.chair).post(reverse("admin:fund_reschedule_add"), {
        "loan": loan.pk, "on": "2026-04-05", "reason": "外出务工", "new_term_months": 12, "new_method": ""})
    assert response.status_code == 302
    request = Reschedule.objects.get()
    officer = client_for(b.officer)
    page = officer.get(reverse("admin:fund_reschedule_change", args=[request.pk]))
    assert page.context["can_decide"]
    officer.post(reverse("admin:fund_reschedule_decide", args=[request.pk, "approve"]))
    loan.refresh_from_db()
    assert Reschedule.objects.get().status == "approved" and loan.schedule_version == 2


def test_a_refused_reschedule_shows_the_reason_on_the_page(b, client_for):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    request = fund_ops.request_reschedule(loan=loan, on=date(2026, 4, 5), reason="外出务工", new_term_months=6,
                                          by=b.chair)
    response = client_for(b.officer).post(reverse("admin:fund_reschedule_decide", args=[request.pk, "approve"]),
                                          follow=True)
    assert response.status_code == 200
    assert any("先付清" in str(m) for m in get_messages(response.wsgi_request)) or "先付清" in response.text
    assert Reschedule.objects.get().status == "pending"


def test_a_write_off_is_proposed_by_the_chairman_and_approved_by_the_officer(b, client_for):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    chair = client_for(b.chair)
    assert chair.post(reverse("admin:fund_writeoff_add"), {"loan": loan.pk, "on": "2026-11-20", "reason": ""}
                      ).status_code == 200
    assert chair.post(reverse("admin:fund_writeoff_add"), {"loan": loan.pk, "on": "2026-11-20",
                                                           "reason": "无力偿还"}).status_code == 302
    proposal = WriteOff.objects.get()
    assert not chair.get(reverse("admin:fund_writeoff_change", args=[proposal.pk])).context["can_decide"]
    client_for(b.officer).post(reverse("admin:fund_writeoff_decide", args=[proposal.pk, "approve"]))
    loan.refresh_from_db()
    assert loan.stage == Stage.WRITTEN_OFF and WriteOff.objects.get().voucher is not None


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return "".join(text.split())  # titles are letter-spaced


def test_the_contract_and_the_receipt_print_with_capital_numerals(b, client_for, tmp_path):
    loan = running(b, b.members[0], "5000", method="annuity")
    repayment = pay(b, loan, "461.64", date(2026, 2, 5))
    client = client_for(b.chair)
    contract = client.get(reverse("fundprint:contract", args=[loan.pk]))
    text = pdf_text(contract)
    assert "借款合同" in text and "伍仟元整" in text and "等额本息" in text and "签字" in text
    receipt = client.get(reverse("fundprint:receipt", args=[repayment.pk]))
    text = pdf_text(receipt)
    assert "收据" in text and "2026-00001" in text and "肆佰陆拾壹元陆角肆分" in text
    assert "第1期" in text and "403.09" in text and "本金431.64" in text  # per instalment, and the split
    assert "{#" not in text and "comment" not in text  # the template's own notes are not printed
    for name, response in (("contract", contract), ("receipt", receipt)):
        (tmp_path / f"{name}.pdf").write_bytes(response.content)  # turned into PNG, as the house asks
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
    assert len(list(tmp_path.glob("*.png"))) == 2


def test_a_paper_of_another_township_is_not_found(b, client_for):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    repayment = pay(b, loan, "100", date(2026, 4, 1))
    client = client_for(b.world.officer2)
    assert client.get(reverse("fundprint:contract", args=[loan.pk])).status_code == 404
    assert client.get(reverse("fundprint:receipt", args=[repayment.pk])).status_code == 404
    assert client.get(reverse("admin:fund_repayment_change", args=[repayment.pk])).status_code == 302


def test_the_members_page_lists_their_loans_with_the_principal_still_out(b, client_for):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    pay(b, loan, "1000", date(2026, 4, 1))
    page = client_for(b.chair).get(reverse("admin:members_member_change", args=[b.members[0].pk]))
    assert page.status_code == 200 and "fund-member-loans" in page.text
    assert "未还本金 ¥4,000.00" in page.text and reverse("fundprint:contract", args=[loan.pk]) in page.text
    other = client_for(b.chair).get(reverse("admin:members_member_change", args=[b.members[1].pk]))
    assert "fund-member-loans" not in other.text
