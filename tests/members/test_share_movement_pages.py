"""A share movement as the officer meets it: its page says what it is and who did what when; a bulk rejection asks
one reason on a page of its own and rejects each movement through the operation."""

from django.contrib.messages import get_messages
from django.urls import reverse

from members.models import ShareTransaction
from tests.members.test_shares import record

CHANGELIST = "admin:members_sharetransaction_changelist"


def test_the_movement_page_shows_the_member_the_amount_and_when_it_was_recorded(coop_books, client_for):
    b = coop_books
    tx = record(b, "pay_in", b.members[0], 3)
    page = client_for(b.officer).get(reverse("admin:members_sharetransaction_change", args=[tx.pk]))
    assert "¥300.00" in page.text and "社员1" in page.text and "登记于" in page.text


def test_bulk_rejection_asks_one_reason_first_and_rejects_nothing_until_given(coop_books, client_for):
    b = coop_books
    rows = [record(b, "pay_in", member, 3) for member in b.members[:2]]
    client = client_for(b.officer)
    selected = {"action": "reject_selected", "_selected_action": [tx.pk for tx in rows]}
    asked = client.post(reverse(CHANGELIST), selected)
    assert asked.status_code == 200 and "驳回原因" in asked.text
    assert all(tx.status == "pending" for tx in ShareTransaction.objects.all())
    empty = client.post(reverse(CHANGELIST), {**selected, "reason": " "})
    assert empty.status_code == 200 and set(ShareTransaction.objects.values_list("status", flat=True)) == {"pending"}
    done = client.post(reverse(CHANGELIST), {**selected, "reason": "未见银行回单"}, follow=True)
    assert done.status_code == 200
    assert list(ShareTransaction.objects.values_list("status", "reject_reason", "approved_by")) == [
        ("rejected", "未见银行回单", b.officer.pk)] * 2


def test_bulk_rejection_goes_through_the_operation_row_by_row(coop_books, client_for):
    b = coop_books
    own = record(b, "pay_in", b.members[0], 3, by=b.officer)
    other = record(b, "pay_in", b.members[1], 3)
    response = client_for(b.officer).post(reverse(CHANGELIST), {
        "action": "reject_selected", "_selected_action": [own.pk, other.pk], "reason": "重复登记"}, follow=True)
    assert any("R2" in str(m) for m in get_messages(response.wsgi_request))
    assert dict(ShareTransaction.objects.values_list("pk", "status")) == {own.pk: "pending", other.pk: "rejected"}


def test_a_chairman_is_not_offered_the_bulk_rejection(coop_books, client_for):
    b = coop_books
    page = client_for(b.chair).get(reverse(CHANGELIST))
    form = page.context["action_form"]
    assert form is None or "reject_selected" not in {n for n, _ in form.fields["action"].choices}
