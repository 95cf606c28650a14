"""The charter is versioned by date: a change of terms is a new version, the old one kept for what was done
under it; a version the share register contradicts is refused, from the operation and from the admin."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from coop import operations
from coop.errors import RuleViolation
from coop.models import Charter
from coop.queries import charter_on, current_charter
from coop.roles import Role
from members import operations as mem

AMENDED = date(2026, 11, 10)


def amend(b, **terms):
    return operations.amend_charter(cooperative=b.coop, adopted_on=AMENDED, by=b.world.users[Role.COUNTY_ADMIN],
                                    **terms)


def pay_in(b, member, shares, on):
    tx = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=member, shares=shares, on=on,
                                      by=b.chair)
    return mem.approve_share_transaction(tx=tx, by=b.officer)


def charter_form(charter, **changes):
    data = {"cooperative": charter.cooperative_id, "adopted_on": charter.adopted_on,
            "effective_from": charter.effective_from, "withdrawal_allowed": "on"}
    data.update({name: getattr(charter, name) for name in operations.CHARTER_TERMS if name != "withdrawal_allowed"})
    data.update(changes)
    return data


def test_an_amendment_is_a_new_version_and_the_old_one_is_kept(paid):
    first = current_charter(paid.coop)
    second = amend(paid, max_shares=50, loan_max_amount=Decimal("20000"))
    assert (second.version, second.effective_from, second.max_shares, second.share_price) == (
        2, AMENDED, 50, first.share_price)
    assert charter_on(paid.coop, date(2026, 11, 9)) == first
    assert charter_on(paid.coop, AMENDED) == second
    assert Charter.objects.get(pk=first.pk).max_shares == 100


@pytest.mark.parametrize(("terms", "words"), [
    ({"max_shares": 18}, "社员2户 已持有 20 股"),      # the second member holds 30 - 10 transferred
    ({"min_shares": 13}, "社员1户 只持有 12 股"),
    ({"share_price": Decimal("1.00")}, "不能改为每股 1.00 元"),
], ids=["max below a holding", "min above a holding", "price under held shares"])
def test_an_amendment_the_register_contradicts_is_refused(paid, terms, words):
    with pytest.raises(RuleViolation, match=words):
        amend(paid, **terms)
    assert paid.coop.charters.count() == 1


def test_the_same_attacks_are_refused_from_the_admin(paid, client_for):
    client = client_for(paid.world.users[Role.COUNTY_ADMIN])
    charter = current_charter(paid.coop)
    for change in ({"max_shares": 18}, {"share_price": "1.00"}):
        response = client.post(reverse("admin:coop_charter_change", args=[charter.pk]),
                                charter_form(charter, **change))
        assert response.status_code == 200 and "不能修改" in response.text
        response = client.post(reverse("admin:coop_charter_add"),
                               charter_form(charter, adopted_on=AMENDED, effective_from=AMENDED, **change))
        assert response.status_code == 200 and ("社员2户 已持有 20 股" in response.text or "1.00" in response.text)
    assert Charter.objects.get(pk=charter.pk).share_price == Decimal("100.00")
    assert paid.coop.charters.count() == 1


def test_a_charter_with_share_movements_is_not_deleted(paid, client_for):
    charter = current_charter(paid.coop)
    with pytest.raises(RuleViolation, match="股金变动"):
        operations.remove_charter(charter=charter, by=paid.world.users[Role.COUNTY_ADMIN])
    response = client_for(paid.world.users[Role.COUNTY_ADMIN]).post(
        reverse("admin:coop_charter_delete", args=[charter.pk]), {"post": "yes"})
    assert response.status_code == 302 and "不能删除" in " ".join(map(str, get_messages(response.wsgi_request)))
    assert Charter.objects.filter(pk=charter.pk).exists()


def test_an_earlier_version_is_never_changed_once_a_later_one_exists(coop_books):
    first = current_charter(coop_books.coop)
    amend(coop_books, max_shares=50)
    with pytest.raises(RuleViolation, match="已有第 2 版章程"):
        operations.revise_charter(charter=first, max_shares=60)
    with pytest.raises(RuleViolation, match="已有第 2 版章程"):
        operations.remove_charter(charter=first)


def test_an_amendment_cannot_take_effect_before_movements_already_made(paid):
    with pytest.raises(RuleViolation, match="股金变动"):
        operations.amend_charter(cooperative=paid.coop, adopted_on=date(2026, 11, 1), max_shares=50)


def test_a_movement_dated_before_an_amendment_uses_the_old_terms(coop_books):
    b = coop_books
    amend(b, share_price=Decimal("200.00"))  # no shares held yet: the price may change
    before = pay_in(b, b.members[0], 3, date(2026, 11, 2))
    after = mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=b.members[1], shares=3,
                                         on=AMENDED, by=b.chair)
    assert (before.amount, after.amount) == (Decimal("300.00"), Decimal("600.00"))


def test_a_backdated_holding_must_also_keep_within_later_versions(paid):
    amend(paid, max_shares=25)
    pay_in(paid, paid.members[0], 10, date(2026, 11, 5))  # 22 shares: within both versions
    with pytest.raises(RuleViolation, match="最多 25 股"):
        mem.record_share_transaction(cooperative=paid.coop, kind="pay_in", member=paid.members[1], shares=10,
                                     on=date(2026, 11, 5), by=paid.chair)


def test_an_unused_version_is_corrected_in_place(coop_books):
    charter = operations.revise_charter(charter=current_charter(coop_books.coop), max_shares=60,
                                        by=coop_books.world.users[Role.COUNTY_ADMIN])
    assert (charter.version, Charter.objects.get(pk=charter.pk).max_shares) == (1, 60)
