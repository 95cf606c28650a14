"""结转旧账 at its doors: the paper loan-list import (admin upload → preview → confirm; every row error in Chinese
naming its column; all or nothing; a preview in the same number of queries for 1 row and 50), the command
`fund_carry_over`, and the admin form for one loan — each calling carry_over_loans, the one operation."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from finance.fund import carry_over_import
from finance.fund import operations as fund_ops
from finance.fund.models import Instalment, Loan, Stage
from members import operations as mem
from tests import builders

IMPORT = reverse("admin:fund_carriedloan_import")
ADD = reverse("admin:fund_carriedloan_add")


@pytest.fixture
def paper(paper_world):
    fund_ops.carry_over_capital(fund=paper_world.fund, source="county_capital", amount="300000",
                                received_on=date(2016, 7, 1), by=paper_world.officer)
    return paper_world


def line(member, contract, *, lent="2025-12-10", amount="5000", state="正常还款中", repaid="0", closed="",
         method="到期一次还本付费", term="12", guarantors=""):
    person = member.household.persons.first()
    return [contract, person.name, person.id_number, lent, amount, method, term, "5", "5", repaid, "0", state,
            closed, "县级财政扶贫资金", "养殖土鸡", "", guarantors]


def xlsx(rows):
    return builders.xlsx(rows, carry_over_import.HEADERS)


def upload(client, data, fund):
    return client.post(IMPORT, {"fund": fund.pk, "file": SimpleUploadedFile("借款.xlsx", data)})


def test_the_import_previews_then_carries_the_whole_list_over(paper, client_for):
    b = paper
    officer = client_for(b.officer)
    data = xlsx([line(b.members[0], "LB-1"),
                 line(b.members[1], "LB-2", lent="2017-03-01", amount="3000", state="已结清", repaid="3000",
                      closed="2018-02-27", guarantors=b.members[0].household.persons.first().id_number)])
    page = upload(officer, data, b.fund)
    assert page.status_code == 200 and "carry-over-preview" in page.text and not Loan.objects.exists()
    token = page.context["token"]
    done = officer.post(IMPORT, {"token": token, "fund": b.fund.pk})
    assert done.status_code == 302
    loans = {loan.contract_no: loan for loan in Loan.objects.filter(fund=b.fund)}
    assert loans["LB-1"].stage == Stage.DISBURSED and loans["LB-2"].stage == Stage.REPAID
    assert list(loans["LB-2"].guarantors.all()) == [b.members[0]]
    assert Instalment.objects.filter(loan=loans["LB-1"]).count() == 1


def test_row_errors_name_their_column_and_nothing_is_written(paper, client_for):
    b = paper
    officer = client_for(b.officer)
    data = xlsx([line(b.members[0], "LB-1"),
                 line(b.members[1], "LB-1"),                                   # the same contract number
                 line(b.members[2], "LB-3", lent="2026-02-01"),                # after the books opened
                 line(b.members[3], "LB-4", repaid="6000", state="已核销", closed="2025-12-30"),  # repaid > lent
                 line(b.members[4], "LB-5", lent="某年某月"),
                 line(b.members[5], "LB-6", state="还了一半")])
    page = upload(officer, data, b.fund)
    errors = {(e.row, e.column) for e in page.context["parsed"].errors}
    assert errors == {(3, "合同号"), (4, "放款日期"), (5, "已还本金"), (6, "放款日期"), (7, "状态")}
    assert "token" not in page.context and not Loan.objects.exists()
    assert "未导入任何数据" in page.text


def test_the_confirmation_writes_nothing_when_the_data_changed_since_the_preview(paper, client_for):
    b = paper
    officer = client_for(b.officer)
    page = upload(officer, xlsx([line(b.members[0], "LB-1"), line(b.members[1], "LB-2")]), b.fund)
    fund_ops.carry_over_loans(fund=b.fund, by=b.officer, rows=[fund_ops.CarriedRow(
        member=b.members[2], contract_no="LB-2", lent_on=date(2019, 1, 1), amount="100", method="lump_sum",
        term_months=6, fee_rate_monthly="5", state="repaid", repaid_principal="100", closed_on=date(2019, 7, 1))])
    done = officer.post(IMPORT, {"token": page.context["token"], "fund": b.fund.pk})
    assert done.status_code == 200 and "未导入任何数据" in done.text
    assert [(e.row, e.column) for e in done.context["parsed"].errors] == [(3, "合同号")]
    assert Loan.objects.filter(fund=b.fund).count() == 1


def test_the_template_reads_back_and_a_chairman_may_not_import(paper, client_for):
    b = paper
    template = client_for(b.officer).get(IMPORT + "?template=1")
    assert template.status_code == 200
    parsed = carry_over_import.parse(template.content, b.fund)
    # the examples' people are not in this village's roll: every error is about them, none about the layout
    assert parsed.errors and {e.column for e in parsed.errors} <= {"身份证号", "担保人身份证号"}
    assert client_for(b.chair).get(IMPORT).status_code == 403


def _many_members(b, n):
    members = list(b.members)
    for i in range(len(members), n):
        household = mem.register_household(village=b.world.v11, number=f"{i + 1:03d}", group="二组",
                                           is_registered_poor=True, by=b.chair)
        mem.register_person(household=household, name=f"社员{i + 1}", id_number=builders.id_number(i + 1),
                            by=b.chair)
        members.append(mem.admit_member(cooperative=b.world.k11, kind="poor_household", household=household,
                                        joined_on=date(2025, 1, 10), by=b.chair))
    return members


def test_the_preview_takes_as_many_queries_for_50_rows_as_for_1(paper, django_assert_max_num_queries):
    b = paper
    members = _many_members(b, 50)
    guarantor = members[0].household.persons.first().id_number
    for count in (1, 50):
        data = xlsx([line(members[i], f"Q-{i}", guarantors=guarantor if i else "") for i in range(count)])
        with django_assert_max_num_queries(12):
            parsed = carry_over_import.parse(data, b.fund)
        assert parsed.ok and len(parsed.rows) == count


def test_the_command_carries_over_a_list_or_names_every_row_it_refuses(paper, tmp_path, capsys):
    b = paper
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([line(b.members[0], "LB-1"), line(b.members[1], "LB-2", amount="-5")]))
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("fund_carry_over", b.world.v11.code, str(bad), "--by", b.officer.username)
    assert "第 3 行 借款金额" in capsys.readouterr().err and not Loan.objects.exists()
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([line(b.members[0], "LB-1"), line(b.members[1], "LB-2")]))
    call_command("fund_carry_over", b.world.v11.name, str(good), "--by", b.officer.username)
    assert Loan.objects.filter(fund=b.fund, carried_over=True).count() == 2
    more = tmp_path / "more.xlsx"
    more.write_bytes(xlsx([line(b.members[2], "LB-3")]))
    with pytest.raises(CommandError, match="R2"):
        call_command("fund_carry_over", b.world.v11.code, str(more), "--by", b.chair.username)


def _form(b, member, **kw):
    return {"member": member.pk, "contract_no": "LB-9", "lent_on": "2025-12-10", "amount": "5000",
            "method": "lump_sum", "term_months": 12, "fee_rate_monthly": "5", "penalty_rate_daily": "5",
            "state": "running", "repaid_principal": "0", "repaid_fee": "0", "closed_on": "",
            "source": "county_capital", "purpose": "养蜂", "group": ""} | kw


def test_the_admin_form_carries_over_one_loan(paper, client_for):
    b = paper
    officer = client_for(b.officer)
    response = officer.post(ADD, _form(b, b.members[0]) | {"fund": b.fund.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    loan = Loan.objects.get(fund=b.fund)
    assert loan.carried_over and loan.amount == Decimal("5000.00") and loan.recorded_by == b.officer
    page = officer.get(reverse("admin:fund_carriedloan_change", args=[loan.pk]))
    assert page.status_code == 200
    assert officer.get(reverse("admin:fund_carriedloan_changelist")).status_code == 200


def test_the_admin_form_shows_the_refusal_beside_its_field(paper, client_for):
    b = paper
    officer = client_for(b.officer)
    response = officer.post(ADD, _form(b, b.members[0], lent_on="2026-03-01") | {"fund": b.fund.pk})
    assert response.status_code == 200
    assert "lent_on" in response.context["adminform"].form.errors and not Loan.objects.exists()


def test_the_loan_page_of_a_carried_over_loan_names_its_paper_contract_not_a_voucher(paper, client_for):
    b = paper
    officer = client_for(b.officer)
    assert officer.post(ADD, _form(b, b.members[0]) | {"fund": b.fund.pk}).status_code == 302
    loan = Loan.objects.get(fund=b.fund)
    page = officer.get(reverse("admin:fund_loan_change", args=[loan.pk]))
    assert page.status_code == 200
    assert "纸质账簿放款" in page.text and "凭证 None" not in page.text
