"""联保小组集中还款: one form for a group's day, each line through `repay` in one transaction (all or nothing, the
refused member named at the line), the form's reads in a fixed number of queries, and the printed sheet."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coop.errors import Rule, RuleViolation
from coop.roles import Role
from finance.fund import operations as fund_ops
from finance.fund.models import Repayment
from finance.fund.operations import servicing
from tests.fund.running import running, with_early_capital

DAY = date(2026, 3, 5)  # the second instalment's due date; the first (5 Feb) is overdue


@pytest.fixture
def b(fund_world):
    return with_early_capital(fund_world)


def group_of(b, members, name="一组"):
    return fund_ops.form_group(fund=b.fund, name=name, formed_on=date(2025, 12, 1), members=members, by=b.chair)


def test_the_day_lists_each_members_loan_with_what_has_fallen_due(b):
    group = group_of(b, b.members[:3])
    loans = [running(b, member, "5000") for member in b.members[:3]]
    running(b, b.members[4], "5000")  # not in the group
    lines = fund_ops.due_for_collection(group=group, on=DAY)
    assert [line.loan for line in lines] == loans
    for line in lines:
        due, payoff, _plan = servicing.preview(loan=line.loan, on=DAY)
        assert (line.due, line.payoff) == (due, payoff) and line.due > Decimal("850")


def test_a_collection_day_posts_each_line_through_the_repayment(b):
    group = group_of(b, b.members[:3])
    loans = [running(b, member, "5000") for member in b.members[:3]]
    lines = fund_ops.due_for_collection(group=group, on=DAY)
    amounts = {line.loan.pk: line.due for line in lines}
    amounts[loans[2].pk] = Decimal("100.00")  # one member brought less
    done = fund_ops.collect_group(group=group, on=DAY, amounts=amounts, by=b.chair)
    assert [r.loan for r in done] == loans and [r.receipt_no for r in done] == ["2026-00001", "2026-00002",
                                                                                "2026-00003"]
    assert done[2].amount == Decimal("100.00") and all(r.voucher_id for r in done)


def test_one_refused_line_refuses_the_day_naming_the_member_and_writes_nothing(b):
    group = group_of(b, b.members[:3])
    loans = [running(b, member, "5000") for member in b.members[:3]]
    amounts = {loans[0].pk: Decimal("900"), loans[1].pk: Decimal("90000"), loans[2].pk: Decimal("900")}
    with pytest.raises(RuleViolation) as info:
        fund_ops.collect_group(group=group, on=DAY, amounts=amounts, by=b.chair)
    assert info.value.rule == Rule.R6 and info.value.field == f"amount_{loans[1].pk}"
    assert "借款人2" in str(info.value) and "多收的钱不能入账" in str(info.value)
    assert not Repayment.objects.exists()


def test_a_loan_outside_the_group_or_an_empty_day_is_refused(b):
    group = group_of(b, b.members[:2])
    own = running(b, b.members[0], "5000")
    stranger = running(b, b.members[4], "5000")
    for amounts in ({stranger.pk: Decimal("100")}, {}):
        with pytest.raises(RuleViolation):
            fund_ops.collect_group(group=group, on=DAY, amounts=amounts, by=b.chair)
    with pytest.raises(RuleViolation):  # the auditor records nothing (R2)
        fund_ops.collect_group(group=group, on=DAY, amounts={own.pk: Decimal("1")},
                               by=b.world.users[Role.AUDITOR])
    assert not Repayment.objects.exists()


def more_member(b, i):
    from members import operations as mem
    from tests import builders

    household = mem.register_household(village=b.world.v11, number=f"{i:03d}", group="二组", by=b.chair)
    mem.register_person(household=household, name=f"借款人{i}", id_number=builders.id_number(i), by=b.chair)
    return mem.admit_member(cooperative=b.coop, kind="capable_household", household=household,
                            joined_on=date(2025, 1, 10), by=b.chair)


def collect_url(group, on=DAY):
    return reverse("admin:fund_guaranteegroup_collect", args=[group.pk]) + f"?on={on.isoformat()}"


def test_the_collection_form_shows_the_defaults_and_saves_edited_amounts(b, client_for):
    group = group_of(b, b.members[:3])
    loans = [running(b, member, "5000") for member in b.members[:3]]
    client = client_for(b.chair)
    form = client.get(collect_url(group))
    assert form.status_code == 200 and "借款人1" in form.text and "截至当日应还" in form.text
    data = {"on": DAY.isoformat(), "save": "1", **{f"amount_{loan.pk}": "500" for loan in loans}}
    data[f"amount_{loans[1].pk}"] = ""  # this member brought nothing
    response = client.post(collect_url(group), data)
    assert response.status_code == 302
    assert sorted(r.loan_id for r in Repayment.objects.all()) == [loans[0].pk, loans[2].pk]
    after = client.get(collect_url(group))
    sheet = reverse("fundprint:collection", args=[group.pk, DAY.isoformat()])
    assert "2026-00002" in after.text and sheet in after.text


def test_the_collection_form_shows_a_refusal_beside_the_members_line(b, client_for):
    group = group_of(b, b.members[:2])
    loans = [running(b, member, "5000") for member in b.members[:2]]
    data = {"on": DAY.isoformat(), "save": "1", f"amount_{loans[0].pk}": "500", f"amount_{loans[1].pk}": "99999"}
    response = client_for(b.chair).post(collect_url(group), data)
    assert response.status_code == 200 and "借款人2" in response.text and "多收的钱不能入账" in response.text
    assert response.context["form"].errors.get(f"amount_{loans[1].pk}")
    assert not Repayment.objects.exists()


def test_the_collection_form_costs_the_same_for_one_loan_and_for_ten(b, client_for, django_assert_max_num_queries):
    from tests.fund.conftest import receive

    receive(b, "county_capital", "100000", on=date(2026, 1, 2))
    members = b.members + [more_member(b, i) for i in range(7, 11)]
    group = group_of(b, members)
    running(b, members[0], "5000")
    client = client_for(b.chair)
    with django_assert_max_num_queries(30):
        assert len(client.get(collect_url(group)).context["form"].lines) == 1
    for member in members[1:]:
        running(b, member, "5000")
    with django_assert_max_num_queries(30):
        assert len(client.get(collect_url(group)).context["form"].lines) == 10


def test_the_collection_sheet_prints_the_days_repayments_with_capital_numerals(b, client_for):
    group = group_of(b, b.members[:2])
    loans = [running(b, member, "5000") for member in b.members[:2]]
    fund_ops.collect_group(group=group, on=DAY, amounts={loans[0].pk: Decimal("500"), loans[1].pk: Decimal("600")},
                           by=b.chair)
    response = client_for(b.officer).get(reverse("fundprint:collection", args=[group.pk, DAY.isoformat()]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "集中还款收款单" in text and "壹仟壹佰元整" in text and "借款人2" in text


def test_the_collection_sheet_as_an_image(b, client_for, tmp_path):
    """Rendered to PNG for a look (pdftoppm), one page."""
    import subprocess

    group = group_of(b, b.members[:3])
    loans = [running(b, member, "5000") for member in b.members[:3]]
    fund_ops.collect_group(group=group, on=DAY, amounts={loan.pk: Decimal("872.24") for loan in loans}, by=b.chair)
    response = client_for(b.chair).get(reverse("fundprint:collection", args=[group.pk, DAY.isoformat()]))
    (tmp_path / "sheet.pdf").write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "sheet.pdf"), str(tmp_path / "sheet")], check=True)
    import os
    import shutil
    if os.environ.get("SCREENSHOTS"):
        for png in tmp_path.glob("sheet*.png"):
            shutil.copy(png, os.path.join(os.environ["SCREENSHOTS"], f"fund-collection-{png.name}"))
    assert len(list(tmp_path.glob("sheet*.png"))) == 1


def test_a_refused_collection_day_is_one_attempt_in_the_breach_log(b, client_for):
    """The operation words the member's refusal and passes it on; only the form that shows it is heard."""
    from supervision.models import Attempt

    group = group_of(b, b.members[:2])
    loans = [running(b, member, "5000") for member in b.members[:2]]
    data = {"on": DAY.isoformat(), "save": "1", f"amount_{loans[0].pk}": "500", f"amount_{loans[1].pk}": "99999"}
    client_for(b.chair).post(collect_url(group), data)
    assert list(Attempt.objects.values_list("rule", flat=True)) == ["R6"]
