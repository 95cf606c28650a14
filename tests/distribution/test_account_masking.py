"""A member's bank account is read whole only by whoever pays the dividend; the county's and the auditors' reading
shows its last four digits, in the list, on the dividend's page and under the plan, as the printed 分红表 does."""

from django.urls import reverse

from coop.roles import Role
from distribution.models import Dividend
from tests.distribution.conftest import give_accounts


def test_the_auditor_reads_the_last_four_digits_and_the_officer_the_whole_account(approved, client_for):
    dividends = list(Dividend.objects.filter(plan=approved.plan).select_related("member"))
    give_accounts(approved, dividends)
    whole = Dividend.objects.get(pk=dividends[0].pk).payee_account
    auditor = client_for(approved.world.users[Role.AUDITOR])
    pages = [reverse("admin:distribution_dividend_changelist"),
             reverse("admin:distribution_dividend_change", args=[dividends[0].pk]),
             reverse("admin:distribution_distributionplan_change", args=[approved.plan.pk])]
    for url in pages[:2]:
        text = auditor.get(url).text
        assert whole not in text and f"****{whole[-4:]}" in text, url
    assert whole not in auditor.get(pages[2]).text
    officer = client_for(approved.officer)
    assert whole in officer.get(pages[0]).text


def test_the_dividends_page_saves_the_account_through_its_operation(approved, client_for):
    dividend = Dividend.objects.filter(plan=approved.plan, amount__gt=0).first()
    client = client_for(approved.chair)
    url = reverse("admin:distribution_dividend_change", args=[dividend.pk])
    refused = client.post(url, {"payee_bank": "留坝县农村信用社", "payee_account": "12ab"})
    assert refused.status_code == 200 and not Dividend.objects.get(pk=dividend.pk).payee_account
    saved = client.post(url, {"payee_bank": "留坝县农村信用社", "payee_account": "6217 0000 1234 5678"})
    assert saved.status_code == 302
    dividend.refresh_from_db()
    assert (dividend.payee_bank, dividend.payee_account) == ("留坝县农村信用社", "6217000012345678")
    assert dividend.history.first().history_user == approved.chair
    assert client_for(approved.world.users[Role.AUDITOR]).post(url, {"payee_bank": "x",
                                                                    "payee_account": "62170000"}).status_code == 403
