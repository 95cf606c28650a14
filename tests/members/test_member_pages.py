"""The members list and a member's page as a chairman meets them, and the pay-in form: holdings from the register
in one query, one number a row, the chairman's one cooperative chosen for him, the amount and 待镇审批 said."""

from datetime import date

from django.urls import reverse

from members import operations as mem
from members.models import ShareTransaction
from tests.members.test_shares import record

LIST = reverse("admin:members_member_changelist")


def test_the_members_list_shows_shares_and_capital_from_the_register(paid, client_for):
    page = client_for(paid.chair).get(LIST)
    rows = {row[1]: row for row in _cells(page)}
    assert rows["社员1户"][-3:-1] == ["12", "¥1,200.00"]
    assert rows["社员3户"][-3:-1] == ["15", "¥1,500.00"]  # 5 paid in, 10 received


def test_a_chairman_sees_one_number_a_row_and_no_cooperative_column(paid, client_for):
    page = client_for(paid.chair).get(LIST)
    assert "cooperative" not in page.context["cl"].list_display
    first = _cells(page)[0]
    assert first[0] == "0001" and first[1] == "社员1户" and "001 " not in first[1]


def test_an_officer_with_two_cooperatives_sees_which_one(paid, client_for):
    page = client_for(paid.officer).get(LIST)
    assert "cooperative" in page.context["cl"].list_display


def test_the_members_list_costs_the_same_queries_for_one_row_and_fifty(coop_books, client_for,
                                                                      django_assert_max_num_queries):
    b = coop_books
    client = client_for(b.chair)
    with django_assert_max_num_queries(14) as one:
        client.get(LIST)
    for i in range(47):
        household = mem.register_household(village=b.world.v11, number=f"{100 + i}", by=b.chair)
        mem.register_person(household=household, name=f"户主{i}", id_number=_id(i), by=b.chair)
        member = mem.admit_member(cooperative=b.coop, kind="capable_household", household=household,
                                  joined_on=date(2025, 1, 10), by=b.chair)
        record(b, "pay_in", member, 2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["cl"].result_list) == 50


def test_a_members_page_shows_holdings_status_and_movements_with_links(paid, client_for):
    member = paid.members[2]
    page = client_for(paid.chair).get(reverse("admin:members_member_change", args=[member.pk]))
    assert "15 股 · ¥1,500.00" in page.text and "在社" in page.text
    for tx in ShareTransaction.objects.filter(to_member=member) | ShareTransaction.objects.filter(member=member):
        assert reverse("admin:members_sharetransaction_change", args=[tx.pk]) in page.text


def test_the_pay_in_form_takes_the_chairmans_only_cooperative_and_says_the_amount_and_pending(coop_books,
                                                                                              client_for):
    b = coop_books
    client = client_for(b.chair)
    form = client.get(reverse("admin:members_sharetransaction_add"))
    assert "cooperative" not in form.context["adminform"].form.fields and "¥100.00" in form.text
    saved = client.post(reverse("admin:members_sharetransaction_add"), {
        "kind": "pay_in", "member": b.members[0].pk, "shares": 7, "on": "2026-11-02", "note": ""}, follow=True)
    tx = ShareTransaction.objects.get()
    assert (tx.cooperative, tx.amount, tx.status) == (b.coop, 700, "pending")
    assert saved.redirect_chain[-1][0] == reverse("admin:members_sharetransaction_change", args=[tx.pk])
    message = next(str(m) for m in saved.context["messages"])
    assert "¥700.00" in message and "待镇审批" in message and f"{tx.number:05d}" in message


def _cells(page):
    import re

    body = page.text[page.text.index('id="result_list"'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)][1:]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def _id(n):
    from tests.builders import id_number

    return id_number(100 + n)
