"""The share register, the roster and the certificate over HTTP; the member list's query count."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from coop.reports import missing_glyphs
from members import operations as mem
from tests import builders


def pdf_text(content):
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).replace(" ", "")


@pytest.mark.parametrize("key", ["register", "roster"])
def test_the_register_and_roster_render_everywhere_with_the_total(paid, client_for, key):
    client = client_for(paid.world.users["auditor"])
    url = reverse("members:report", args=[paid.world.v11.code, key])
    assert client.get(url).status_code == 200
    with missing_glyphs() as found:
        text = pdf_text(client.get(url + "?format=pdf").content)
    assert not found and "4,700.00" in text
    book = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    assert book.active.cell(1, 1).value in ("股金台账", "社员名册")


def test_the_register_runs_a_balance_after_every_movement(paid):
    from members.reports import share_register

    rows = share_register(paid.coop).rows
    assert [r["balance"] for r in rows[:-1]] == [1200, 4200, 4700, 4700]


def test_the_certificate_states_the_holding_in_capital_numerals(paid, client_for):
    response = client_for(paid.chair).get(reverse("members:certificate", args=[paid.world.v11.code,
                                                                               paid.members[2].pk]))
    text = pdf_text(response.content)
    assert "股权证" in text.replace("\n", "") and "15股" in text and "壹仟伍佰元整" in text


def test_another_villages_chairman_gets_nothing(paid, client_for):
    client = client_for(paid.world.chair21)
    assert client.get(reverse("members:report", args=[paid.world.v11.code, "register"])).status_code == 404
    assert client.get(reverse("members:certificate", args=[paid.world.v11.code, paid.members[0].pk])
                      ).status_code == 404


def test_an_inspector_cannot_read_the_register(paid, client_for):
    response = client_for(paid.world.users["inspector"]).get(
        reverse("members:report", args=[paid.world.v11.code, "register"]))
    assert response.status_code == 403


@pytest.mark.parametrize("n", [1, 50])
def test_the_member_list_takes_the_same_queries_for_one_member_and_fifty(coop_books, client_for,
                                                                         django_assert_max_num_queries, n):
    b = coop_books
    for i in range(n):
        household = mem.register_household(village=b.world.v11, number=f"9{i:03d}", by=b.chair)
        mem.register_person(household=household, name=f"新社员{i}", id_number=builders.id_number(500 + i), by=b.chair)
        mem.admit_member(cooperative=b.coop, kind="capable_household", household=household,
                         joined_on=date(2025, 1, 1), by=b.chair)
    client = client_for(b.officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:members_member_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 50])
@pytest.mark.parametrize("page", ["household", "person", "sharetransaction"])
def test_the_roster_lists_take_the_same_queries_for_one_row_and_fifty(coop_books, client_for,
                                                                      django_assert_max_num_queries, page, n):
    b = coop_books
    for i in range(n):
        household = mem.register_household(village=b.world.v11, number=f"9{i:03d}", by=b.chair)
        mem.register_person(household=household, name=f"新社员{i}", id_number=builders.id_number(500 + i), by=b.chair)
        member = mem.admit_member(cooperative=b.coop, kind="capable_household", household=household,
                                  joined_on=date(2025, 1, 1), by=b.chair)
        mem.record_share_transaction(cooperative=b.coop, kind="pay_in", member=member, shares=2, on=b.day,
                                     by=b.chair)
    client = client_for(b.officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"admin:members_{page}_changelist"))
    assert response.status_code == 200 and "新社员" in response.text


def test_the_register_total_fills_shares_and_pay_ins(paid):
    from members.reports import share_register

    total = share_register(paid.coop).rows[-1]
    assert (total["shares"], total["in"], total["moved"], total["total_shares"]) == (47, 4700, 1000, 47)


def test_the_register_screen_filters_by_date_and_member_and_carries_the_balance(paid, client_for):
    member = paid.members[2]
    url = reverse("members:report", args=[paid.world.v11.code, "register"])
    page = client_for(paid.chair).get(url, {"member": member.pk, "start": "2026-11-01"})
    rows = page.context["report"].rows
    assert [r.get("kind") for r in rows[:-1]] == ["入股", "转让"] and rows[-1]["balance"] == 1500
    assert "member=" in page.context["pdf_url"] and "format=pdf" in page.context["pdf_url"]
    later = client_for(paid.chair).get(url, {"start": "2026-11-03"}).context["report"].rows
    assert len(later) == 1 and later[-1]["balance"] == 4700 and later[-1]["in"] == 0
