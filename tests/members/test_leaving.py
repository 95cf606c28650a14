"""退社: a member leaves only with no shares and nothing waiting; from the operation and the admin action."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from coop.errors import RuleViolation
from members import operations as mem
from members.models import Member


def leave(client, member):
    return client.post(reverse("admin:members_member_changelist"),
                       {"action": "leave_selected", "_selected_action": [member.pk]})


def test_a_member_without_shares_leaves_on_the_date_given(coop_books):
    member = mem.leave_cooperative(member=coop_books.members[2], on=date(2026, 11, 3), by=coop_books.chair)
    assert (member.status, member.left_on) == ("withdrawn", date(2026, 11, 3))
    assert member.history.latest().history_user == coop_books.chair


def test_a_member_holding_shares_must_withdraw_them_first(paid):
    with pytest.raises(RuleViolation, match="还持有 12 股"):
        mem.leave_cooperative(member=paid.members[0], on=paid.day, by=paid.chair)
    assert Member.objects.get(pk=paid.members[0].pk).status == "active"


def test_a_pending_pay_in_keeps_the_member_in(coop_books):
    b = coop_books
    mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[0], shares=3, on=b.day,
                                 by=b.chair)
    with pytest.raises(RuleViolation, match="待审批"):
        mem.leave_cooperative(member=b.members[0], on=b.day, by=b.chair)


def test_a_member_who_left_cannot_leave_again_nor_move_shares(coop_books):
    b = coop_books
    mem.leave_cooperative(member=b.members[2], on=b.day, by=b.chair)
    with pytest.raises(RuleViolation, match="已退社"):
        mem.leave_cooperative(member=b.members[2], on=b.day, by=b.chair)
    with pytest.raises(RuleViolation, match="已退社"):
        mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=Member.objects.get(pk=b.members[2].pk),
                                     shares=3, on=b.day, by=b.chair)


@pytest.mark.parametrize(("on", "words"), [(timezone.localdate() + timedelta(days=1), "晚于今天"),
                                           (date(2025, 1, 9), "早于入社日期")])
def test_a_leaving_date_outside_membership_is_refused(coop_books, on, words):
    with pytest.raises(RuleViolation, match=words):
        mem.leave_cooperative(member=coop_books.members[2], on=on, by=coop_books.chair)


def test_another_villages_chairman_and_the_auditor_cannot_let_a_member_leave(coop_books):
    for user in (coop_books.world.chair21, coop_books.world.users["auditor"]):
        with pytest.raises(RuleViolation, match="R2"):
            mem.leave_cooperative(member=coop_books.members[2], on=coop_books.day, by=user)
    assert Member.objects.get(pk=coop_books.members[2].pk).status == "active"


def test_the_admin_action_lets_members_leave_and_names_those_it_refused(paid, client_for):
    free = mem.admit_member(cooperative=paid.coop, kind="capable_household", joined_on=date(2025, 1, 10),
                            household=mem.register_household(village=paid.world.v11, number="009", by=paid.chair),
                            by=paid.chair)
    response = leave(client_for(paid.chair), free)
    assert Member.objects.get(pk=free.pk).status == "withdrawn"
    response = leave(client_for(paid.chair), paid.members[0])
    assert any("还持有 12 股" in str(m) for m in get_messages(response.wsgi_request))
    assert Member.objects.get(pk=paid.members[0].pk).status == "active"


def test_the_auditor_has_no_leave_action(coop_books, client_for):
    client = client_for(coop_books.world.users["auditor"])  # members[2] holds no shares: only rights stop it
    form = client.get(reverse("admin:members_member_changelist")).context["action_form"]
    assert form is None or "leave_selected" not in {n for n, _ in form.fields["action"].choices}
    leave(client, coop_books.members[2])
    assert Member.objects.get(pk=coop_books.members[2].pk).status == "active"
