"""Members and shares through the admin over HTTP: the same rules, refused with the rule's words."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from members import operations as mem
from members.models import Member, ShareTransaction


def add_share(client, b, kind, member, shares, to=None):
    data = {"cooperative": b.coop.pk, "kind": kind, "member": member.pk, "shares": shares, "on": "2026-11-02",
            "note": ""}
    if to is not None:
        data["to_member"] = to.pk
    return client.post(reverse("admin:members_sharetransaction_add"), data)


def test_a_chairman_records_a_pay_in_and_an_officer_approves_it_in_bulk(coop_books, client_for):
    b = coop_books
    assert add_share(client_for(b.chair), b, "pay_in", b.members[0], 10).status_code == 302
    tx = ShareTransaction.objects.get()
    assert tx.status == "pending" and tx.recorded_by == b.chair
    client_for(b.officer).post(reverse("admin:members_sharetransaction_changelist"),
                               {"action": "approve_selected", "_selected_action": [tx.pk]})
    tx.refresh_from_db()
    assert tx.status == "approved" and tx.voucher.status == "posted"


def test_the_admin_form_refuses_shares_above_the_charter_limit(coop_books, client_for):
    b = coop_books
    response = add_share(client_for(b.chair), b, "pay_in", b.members[0], 101)
    assert response.status_code == 200 and "最多 100 股" in response.text
    assert not ShareTransaction.objects.exists()


def test_the_bulk_approval_refuses_what_the_officer_recorded_himself(coop_books, client_for):
    b = coop_books
    tx = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[0], shares=3,
                                      on=b.day, by=b.officer)
    response = client_for(b.officer).post(reverse("admin:members_sharetransaction_changelist"),
                                          {"action": "approve_selected", "_selected_action": [tx.pk]})
    assert any("R2" in str(m) for m in get_messages(response.wsgi_request))
    assert ShareTransaction.objects.get(pk=tx.pk).status == "pending"


def test_a_chairman_has_no_approve_action_and_cannot_use_it(coop_books, client_for):
    b = coop_books
    tx = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[0], shares=3,
                                      on=b.day, by=b.officer)
    client = client_for(b.chair)
    page = client.get(reverse("admin:members_sharetransaction_changelist"))
    form = page.context["action_form"]
    assert form is None or "approve_selected" not in {n for n, _ in form.fields["action"].choices}
    client.post(reverse("admin:members_sharetransaction_changelist"),
                {"action": "approve_selected", "_selected_action": [tx.pk]})
    assert ShareTransaction.objects.get(pk=tx.pk).status == "pending"


def test_a_member_is_admitted_through_the_admin_and_a_wrong_kind_is_refused(coop_books, client_for):
    b = coop_books
    Member.objects.filter(pk=b.members[2].pk).delete()
    client = client_for(b.chair)
    url = reverse("admin:members_member_add")
    refused = client.post(url, {"cooperative": b.coop.pk, "kind": "poor_household", "household": b.households[2].pk,
                                "joined_on": "2026-01-01"})
    assert refused.status_code == 200 and "建档立卡" in refused.text
    ok = client.post(url, {"cooperative": b.coop.pk, "kind": "capable_household", "household": b.households[2].pk,
                           "joined_on": "2026-01-01"})
    assert ok.status_code == 302
    assert Member.objects.get(household=b.households[2]).number == 3  # the next after the highest


@pytest.mark.parametrize(("id_number", "message"), [("110101198001010011", "校验"), ("11010119800101001", "18"),
                                                    ("110101491001001", "18位")])
def test_a_wrong_id_number_is_refused_by_the_person_form(coop_books, client_for, id_number, message):
    b = coop_books
    response = client_for(b.chair).post(reverse("admin:members_person_add"), {
        "household": b.households[1].pk, "name": "新人", "id_number": id_number, "relation": "child"})
    assert response.status_code == 200 and message in response.text


def test_the_officer_sees_pending_share_movements_on_the_dashboard(coop_books, client_for):
    b = coop_books
    mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[0], shares=3, on=b.day,
                                 by=b.chair)
    page = client_for(b.officer).get(reverse("admin:index"))
    todos = {str(i.label): i.value for i in page.context["dashboard"]["todos"]}
    assert todos["待审批的股金变动"] == 1


@pytest.mark.parametrize(("joined_on", "message"), [("2015-01-01", "早于合作社成立日期"), ("2099-01-01", "晚于今天")])
def test_the_member_form_refuses_a_joining_date_outside_the_cooperatives_life(coop_books, client_for, joined_on,
                                                                             message):
    b = coop_books
    Member.objects.filter(pk=b.members[2].pk).delete()
    response = client_for(b.chair).post(reverse("admin:members_member_add"), {
        "cooperative": b.coop.pk, "kind": "capable_household", "household": b.households[2].pk,
        "joined_on": joined_on})
    assert response.status_code == 200 and message in response.text
    assert not Member.objects.filter(household=b.households[2]).exists()


def test_a_joining_date_outside_the_cooperatives_life_is_refused_by_the_operation(coop_books):
    from datetime import date

    from coop.errors import RuleViolation

    b = coop_books
    household = mem.register_household(village=b.world.v11, number="900", by=b.chair)
    with pytest.raises(RuleViolation, match="早于合作社成立日期"):
        mem.admit_member(cooperative=b.coop, kind="capable_household", household=household,
                         joined_on=date(2015, 1, 1), by=b.chair)


def test_the_person_form_refuses_a_phone_number_that_is_not_a_mobile(coop_books, client_for):
    from tests.builders import id_number

    b = coop_books
    response = client_for(b.chair).post(reverse("admin:members_person_add"), {
        "household": b.households[1].pk, "name": "新人", "id_number": id_number(77), "relation": "child",
        "phone": "1380000"})
    assert response.status_code == 200 and "11 位数字" in response.text


def test_the_household_form_refuses_an_exit_year_after_this_year(coop_books, client_for):
    from members.models import Household

    b = coop_books
    response = client_for(b.chair).post(reverse("admin:members_household_add"), {
        "village": b.world.v11.pk, "number": "900", "is_registered_poor": "on", "poverty_exit_year": "2099"})
    assert response.status_code == 200 and "不在 2014" in response.text
    assert not Household.objects.filter(number="900").exists()


def decide(client, tx, decision, reason=""):
    return client.post(reverse("admin:members_sharetransaction_decide", args=[tx.pk, decision]),
                       {"reason": reason}, follow=True)


def test_an_officer_approves_or_rejects_a_movement_on_its_own_page(coop_books, client_for):
    b = coop_books
    first, second = (mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=member, shares=3,
                                                  on=b.day, by=b.chair) for member in b.members[:2])
    page = client_for(b.officer).get(reverse("admin:members_sharetransaction_change", args=[first.pk]))
    assert "驳回原因(必填)" in page.text and "待镇审批" in page.text
    decide(client_for(b.officer), first, "approve")
    response = decide(client_for(b.officer), second, "reject", "未见银行回单")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "approved" and first.voucher.status == "posted"
    assert (second.status, second.reject_reason, second.approved_by) == ("rejected", "未见银行回单", b.officer)
    assert "未见银行回单" in response.text and "驳回原因(必填)" not in response.text


@pytest.mark.parametrize(("who", "reason", "words"), [
    ("officer", " ", "驳回必须填写原因"), ("chair", "不要了", "R2"),
])
def test_a_refused_decision_on_the_page_shows_the_rule_and_changes_nothing(coop_books, client_for, who, reason,
                                                                            words):
    b = coop_books
    tx = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[0], shares=3, on=b.day,
                                      by=b.chair)
    response = decide(client_for(getattr(b, who)), tx, "reject", reason)
    assert response.status_code == 200
    assert any(words in str(m) for m in get_messages(response.wsgi_request)) or words in response.text
    tx.refresh_from_db()
    assert tx.status == "pending"


def test_the_chairman_sees_the_state_but_no_decision_buttons(coop_books, client_for):
    b = coop_books
    tx = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[0], shares=3, on=b.day,
                                      by=b.chair)
    page = client_for(b.chair).get(reverse("admin:members_sharetransaction_change", args=[tx.pk]))
    assert page.status_code == 200 and "待镇审批" in page.text and "驳回原因(必填)" not in page.text
