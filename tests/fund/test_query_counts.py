"""The loan list and a loan's page cost the same number of queries for one loan as for many."""

from django.urls import reverse

from tests.fund.conftest import apply, lend

CEILING = 40


def test_the_loan_list_costs_the_same_for_one_loan_and_for_many(fund_world, client_for, django_assert_max_num_queries):
    b = fund_world
    lend(b, b.members[0], "1000")
    client = client_for(b.officer)
    with django_assert_max_num_queries(CEILING):
        assert client.get(reverse("admin:fund_loan_changelist")).status_code == 200
    for i in range(1, 6):
        apply(b, b.members[i], "1000", guarantors=[b.members[0]] if i < 3 else [])
    with django_assert_max_num_queries(CEILING):
        page = client.get(reverse("admin:fund_loan_changelist"))
    assert page.status_code == 200 and len(page.context["cl"].result_list) == 6


def test_a_loans_page_shows_its_schedule_in_a_fixed_number_of_queries(fund_world, client_for,
                                                                      django_assert_max_num_queries):
    b = fund_world
    short = lend(b, b.members[0], "1000", method="lump_sum", term_months=6)
    long = lend(b, b.members[1], "1000", method="annuity", term_months=12)
    client = client_for(b.officer)
    for loan in (short, long):
        with django_assert_max_num_queries(CEILING):
            assert client.get(reverse("admin:fund_loan_change", args=[loan.pk])).status_code == 200
