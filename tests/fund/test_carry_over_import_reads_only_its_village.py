"""F1: the carry-over import finds borrowers and guarantors in the fund's own village only. The ID number of a
person in another township reads exactly like a number nobody has ("人员名册中没有…"; as a guarantor, the number
itself is named, as for an unknown one), and nothing the import answers names or confirms that person."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finance.fund import carry_over_import
from finance.fund import operations as fund_ops
from finance.fund.models import Loan
from members import operations as mem
from tests import builders

OUTSIDER = "马道王外乡"
UNKNOWN = builders.id_number(777, 1970)  # valid, but nobody's


@pytest.fixture
def paper(paper_world):
    fund_ops.carry_over_capital(fund=paper_world.fund, source="county_capital", amount="300000",
                                received_on=date(2016, 7, 1), by=paper_world.officer)
    return paper_world


@pytest.fixture
def stranger(paper):
    """A person of 沙坝村 (马道镇), another township than the fund's 桑园村."""
    world = paper.world
    home = mem.register_household(village=world.v21, number="101", group="一组", by=world.chair21)
    return mem.register_person(household=home, name=OUTSIDER, id_number=builders.id_number(701, 1975),
                               by=world.chair21)


def loan_line(contract, number, guarantors=""):
    return [contract, "某某", number, "2025-12-10", "5000", "到期一次还本付费", "12", "5", "5", "0", "0", "正常还款中",
            "", "县级财政扶贫资金", "养殖土鸡", "", guarantors]


def loan_file(rows):
    return builders.xlsx(rows, carry_over_import.HEADERS)


def test_a_borrower_of_another_township_reads_like_an_unknown_id_number(paper, stranger):
    parsed = carry_over_import.parse(loan_file([loan_line("LB-1", stranger.id_number),
                                                loan_line("LB-2", UNKNOWN)]), paper.fund)
    messages = {error.row: (error.column, error.message) for error in parsed.errors}
    assert messages[2] == ("身份证号", f"人员名册中没有身份证号为 {stranger.id_number} 的人员")
    assert messages[3] == ("身份证号", f"人员名册中没有身份证号为 {UNKNOWN} 的人员")
    assert not any(OUTSIDER in error.message for error in parsed.errors)


def test_a_guarantor_of_another_township_reads_like_an_unknown_id_number(paper, stranger):
    borrower = paper.members[0].household.persons.first()
    parsed = carry_over_import.parse(loan_file([
        loan_line("LB-1", borrower.id_number, guarantors=stranger.id_number),
        loan_line("LB-2", borrower.id_number, guarantors=UNKNOWN)]), paper.fund)
    messages = {error.row: (error.column, error.message) for error in parsed.errors
                if error.column == "担保人身份证号"}
    assert messages[2] == ("担保人身份证号", f"担保人 {stranger.id_number} 不是本社社员")
    assert messages[3] == ("担保人身份证号", f"担保人 {UNKNOWN} 不是本社社员")
    assert not any(OUTSIDER in error.message for error in parsed.errors)


def test_the_carry_over_upload_page_never_names_a_person_of_another_township(paper, stranger, client_for):
    borrower = paper.members[0].household.persons.first()
    data = loan_file([loan_line("LB-1", stranger.id_number),
                      loan_line("LB-2", borrower.id_number, guarantors=stranger.id_number)])
    response = client_for(paper.officer).post(reverse("admin:fund_carriedloan_import"), {
        "fund": paper.fund.pk, "file": SimpleUploadedFile("借款.xlsx", data)})
    page = response.content.decode()
    assert response.status_code == 200 and "人员名册中没有身份证号为" in page and OUTSIDER not in page
    assert not Loan.objects.exists()
