"""R2 and R3 as the voucher's page offers them: only the steps the person may take, the reason for the others,
and a confirmation before the irreversible 记账, for one voucher and for a selection."""

from django.urls import reverse

from finance import operations as fin
from finance.models import Voucher
from tests.builders import lines

RECEIPT = (("102", "debit", "1000.00"), ("301", "credit", "1000.00"))


def submitted(books, by):
    return fin.submit(voucher=fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*RECEIPT), by=by), by=by)


def reviewed(books):
    return fin.review(voucher=submitted(books, books.chair), by=books.officer)


def page(client, voucher):
    return client.get(reverse("admin:finance_voucher_change", args=[voucher.pk]))


def test_r2_the_preparer_is_not_offered_review_and_is_told_why(books, client_for):
    voucher = submitted(books, books.officer)
    response = page(client_for(books.officer), voucher)
    assert "review" not in [step for step, _label, _reason in response.context["steps"]]
    assert "制单人" in response.text and "另一位镇财政所人员" in response.text
    other = page(client_for(books.officer_b), voucher)
    assert "review" in [step for step, _label, _reason in other.context["steps"]]


def test_r2_the_preparer_is_not_offered_post_on_a_reviewed_voucher_of_their_own(books, client_for):
    voucher = fin.review(voucher=submitted(books, books.officer), by=books.officer_b)
    response = page(client_for(books.officer), voucher)
    assert [step for step, _label, _reason in response.context["steps"]] == ["return"]
    assert "不能记账" in response.text


def test_r3_posting_from_the_page_first_shows_the_voucher_and_its_amount_and_posts_only_when_confirmed(
        books, client_for):
    voucher = reviewed(books)
    client = client_for(books.officer_b)
    url = reverse("admin:finance_voucher_step", args=[voucher.pk, "post"])
    for asked in (client.get(url), client.post(url, {})):
        assert asked.status_code == 200
        assert voucher.number_label in asked.text and "¥1,000.00" in asked.text and "壹仟元整" in asked.text
        assert "不能修改" in asked.text
        assert Voucher.objects.get(pk=voucher.pk).status == "reviewed"
    client.post(url, {"confirmed": "yes"})
    assert Voucher.objects.get(pk=voucher.pk).status == "posted"


def test_r3_the_bulk_post_asks_first_and_sets_apart_what_cannot_be_posted(books, client_for):
    ready, waiting = reviewed(books), submitted(books, books.chair)
    own = fin.review(voucher=submitted(books, books.officer_b), by=books.officer)
    client = client_for(books.officer_b)
    selection = {"action": "post_selected", "_selected_action": [ready.pk, waiting.pk, own.pk]}
    asked = client.post(reverse("admin:finance_voucher_changelist"), selection)
    assert asked.status_code == 200 and "确认记账" in asked.text
    assert [row["voucher"].pk for row in asked.context["ready"]] == [ready.pk]
    assert {voucher.pk for voucher, _why in asked.context["refused"]} == {waiting.pk, own.pk}
    assert not Voucher.objects.filter(status="posted").exists()
    client.post(reverse("admin:finance_voucher_changelist"),
                {"action": "post_selected", "_selected_action": [ready.pk], "confirmed": "yes"})
    assert set(Voucher.objects.filter(status="posted").values_list("pk", flat=True)) == {ready.pk}
