"""seed_demo: the demo county loads, a second run changes nothing, and every printed login works."""

import io
import re

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse

from coop import demo
from coop.models import Cooperative, Village

pytestmark = pytest.mark.smoke


def snapshot():
    """Every row of every table the project owns, history included, serialised."""
    models = [m for m in apps.get_models() if m._meta.app_label in {"coop", "members", "finance", "bankloan",
                                                                     "projects", "services", "disclosure"}]
    return {m._meta.label: serializers.serialize("json", m._default_manager.order_by("pk")) for m in models}


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo county, seeded once for the module (it takes a while: 1,017 households each paying in
    through the register) inside a transaction rolled back at the end."""
    from django.db import transaction
    from django.test import override_settings

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _db(db):
    """Each test still runs in its own savepoint, inside the module's seeded transaction."""


def test_the_demo_county_has_eleven_pilot_cooperatives(seeded):
    assert Cooperative.objects.count() == 11
    assert Village.objects.filter(cooperative__isnull=True).exists()  # non-pilot villages too
    assert all(coop.charters.exists() for coop in Cooperative.objects.all())


def test_the_demo_reproduces_the_county_figures_and_the_register_equals_the_ledger(seeded):
    from decimal import Decimal

    from finance import queries as ledger_queries
    from finance.models import Account
    from members.demo import totals
    from members.queries import total_capital

    assert totals() == (1017, Decimal("1844000.00"))
    for coop in Cooperative.objects.select_related("village__ledger"):
        accounts = Account.objects.filter(village=coop.village, code__startswith="301")
        in_ledger = sum((ledger_queries.balance_of(coop.village.ledger, a) for a in accounts), Decimal("0"))
        assert in_ledger == total_capital(coop), coop


def test_seeding_twice_gives_the_same_database(seeded):
    before = snapshot()
    seed()
    assert snapshot() == before


def printed_logins(output):
    """(username, role) for each line of the printed table."""
    return re.findall(r"^([a-z_]+)\s+(\S+)\s+\S+$", output, flags=re.MULTILINE)


def test_every_printed_login_works(seeded, client):
    logins = printed_logins(seeded)
    assert len({role for _, role in logins}) == 5, "at least one login per role"
    assert demo.DEMO_PASSWORD in seeded
    for username, _ in logins:
        response = client.post(reverse("admin:login"), {"username": username, "password": demo.DEMO_PASSWORD,
                                                        "next": reverse("admin:index")})
        assert response.status_code == 302, f"{username} cannot log in"
        assert client.get(reverse("admin:index")).status_code == 200
        client.logout()


def test_founding_households_carry_over_and_the_late_joiners_pay_in_through_the_register(seeded):
    """Issue 10: 1,017 pay-ins one by one took minutes; the founders' holdings come over as 期初股金 (no
    voucher, the ledger's opening balances) and only the 2026 joiners post pay-in vouchers."""
    from members.demo import HOUSEHOLDS, LATE
    from members.models import ShareTransaction

    approved = ShareTransaction.objects.filter(status="approved")
    assert approved.filter(kind="opening", voucher__isnull=True).count() == sum(HOUSEHOLDS) - LATE * len(HOUSEHOLDS)
    pay_ins = approved.filter(kind="pay_in")
    assert pay_ins.count() == LATE * len(HOUSEHOLDS)
    assert not pay_ins.filter(voucher__isnull=True).exists()


def demo_bank(village):
    from finance.models import Account

    return village.ledger, Account.objects.get(village=village, code="10201")


def test_each_pilot_village_reconciles_its_bank_account_from_june_and_july_closes_explained(seeded):
    from finance.bank import demo as bank_demo
    from finance.bank import queries
    from finance.bank.models import BankMatch, BankStatement
    from finance.models import Period

    for coop in Cooperative.objects.select_related("village__ledger"):
        ledger, account = demo_bank(coop.village)
        months = sorted(BankStatement.objects.filter(ledger=ledger, account=account).values_list("month", flat=True))
        assert months == [6, 8, 9, 10, 11], coop
        for month in (6, 8, 9, 10):
            table = queries.reconcile(ledger, account, 2026, month)
            assert table.agrees and not (table.bank_received or table.bank_paid or table.book_received
                                         or table.book_paid), (coop, month)
        hand = BankMatch.objects.get(statement_line__statement__ledger=ledger, automatic=False)
        assert hand.statement_line.date == bank_demo.INTEREST_CREDITED
        assert hand.voucher_line.summary == bank_demo.INTEREST
        july = queries.reconcile(ledger, account, 2026, 7)
        assert july.statement is None and [note.text for note in july.notes] == [bank_demo.QUIET_MONTH]
        assert Period.objects.get(ledger=ledger, year=2026, month=7).status == Period.Status.CLOSED


def test_november_shows_outstanding_items_on_each_side_and_most_lines_matched_automatically(seeded):
    from finance.bank import queries
    from finance.bank.models import BankStatement

    for coop in Cooperative.objects.select_related("village__ledger"):
        ledger, account = demo_bank(coop.village)
        table = queries.reconcile(ledger, account, 2026, 11)
        assert table.agrees, coop
        assert [len(table.bank_received), len(table.bank_paid), len(table.book_received),
                len(table.book_paid)] == [1, 1, 1, 1], coop
        lines = BankStatement.objects.get(ledger=ledger, account=account, year=2026, month=11).lines
        assert lines.filter(match__automatic=True).count() > lines.filter(match__isnull=True).count()


def test_the_reconciliation_page_shows_the_demo_november_and_the_july_explanation(seeded, client):
    from coop.models import User
    from finance.bank import demo as bank_demo

    village = Village.objects.get(name="桑园村")
    _ledger, account = demo_bank(village)
    client.force_login(User.objects.get(username="zibai_finance"))
    url = reverse("finance:bank", args=[village.code])
    november = client.get(url, {"account": account.pk, "year": 2026, "month": 11})
    assert november.status_code == 200
    page = november.content.decode()
    assert "环境整治奖补资金" in page and "支付村道维修材料款" in page
    july = client.get(url, {"account": account.pk, "year": 2026, "month": 7})
    assert july.status_code == 200 and bank_demo.QUIET_MONTH in july.content.decode()


def test_each_pilot_village_posts_its_quarters_and_answers_its_villagers(seeded, client):
    """Q1–Q3 of 2026 posted (signed off by the committee), Q4 drafted, the first project's disclosure posted, Q2
    corrected; on Q3 one question answered and one past its deadline; the phone page shows the reply."""
    from django.utils import timezone

    from disclosure.models import Disclosure, Question

    for village in Village.objects.filter(cooperative__isnull=False):
        sheets = Disclosure.objects.filter(village=village)
        quarters = dict(sheets.filter(kind="periodic", corrects__isnull=True).values_list("number", "status"))
        assert quarters == {1: "published", 2: "published", 3: "published", 4: "draft"}, village
        assert sheets.filter(kind="project", status="published").count() == 1, village
        correction = sheets.get(corrects__isnull=False)
        assert correction.corrects.number == 2 and correction.status == "published"
        assert all(sheet.reviewers.exists() for sheet in sheets.exclude(status="draft"))
        questions = Question.objects.filter(disclosure__village=village)
        assert questions.filter(replied_at__isnull=False).count() == 1
        assert questions.filter(replied_at__isnull=True, deadline__lt=timezone.localdate()).count() == 1
    answered = Question.objects.filter(replied_at__isnull=False).select_related("disclosure__village").first()
    page = client.get(reverse("disclosure_public:sheet", args=[answered.disclosure.village.code,
                                                              answered.disclosure_id]))
    assert answered.reply in page.content.decode()
