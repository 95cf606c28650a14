"""Tamper evidence (issue 15): every posted voucher is sealed into its ledger's hash chain, and verifying the books
names the first voucher changed straight in the database — past the triggers, as a superuser who drops them could."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from finance import chain
from finance import operations as fin
from finance.models import Ledger, Voucher, VoucherLine
from tests import builders

pytestmark = pytest.mark.postgres


def _post_three(books):
    for day, amount in [(2, "100.00"), (3, "200.00"), (4, "300.00")]:
        builders.posted(books.ledger, date(2026, 11, day),
                        (("102", "debit", amount, "收入"), ("501", "credit", amount)),
                        preparer=books.chair, approver=books.officer)
    return list(Voucher.objects.filter(ledger=books.ledger).order_by("chain_seq"))


def _behind_the_triggers(*statements):
    """What a superuser could do: fire the pending checks, set the user triggers aside, change rows, put them back."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in ("finance_voucher", "finance_voucherline"):
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for sql, params in statements:
            cursor.execute(sql, params)
        for table in ("finance_voucher", "finance_voucherline"):
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def test_every_posted_voucher_takes_the_next_place_in_its_ledgers_chain(books):
    vouchers = _post_three(books)
    assert [v.chain_seq for v in vouchers] == [1, 2, 3]
    assert all(len(v.chain_hash) == 64 for v in vouchers)
    assert len({v.chain_hash for v in vouchers}) == 3


def test_untouched_books_verify(books):
    vouchers = _post_three(books)
    result = chain.verify_ledger(books.ledger)
    assert result.ok and result.vouchers == 3 and result.head == vouchers[-1].chain_hash


def test_a_voucher_posted_through_review_is_sealed_too(books):
    draft = fin.prepare(ledger=books.ledger, on=books.day, by=books.chair,
                        lines=builders.lines(("102", "debit", "50", "收款"), ("501", "credit", "50")))
    fin.submit(voucher=draft, by=books.chair)
    fin.review(voucher=draft, by=books.officer)
    posted = fin.post(voucher=draft, by=books.officer_b)
    assert posted.chain_seq == 1
    assert chain.verify_ledger(books.ledger).ok


def test_an_amount_changed_by_raw_sql_with_the_triggers_disabled_is_named(books):
    vouchers = _post_three(books)
    _behind_the_triggers(("UPDATE finance_voucherline SET amount = amount + 1 WHERE voucher_id = %s",
                          [vouchers[1].pk]))
    result = chain.verify_ledger(books.ledger)
    assert not result.ok
    assert result.broken.voucher_id == vouchers[1].pk
    assert "记字第 2 号" in str(result.broken) and "桑园村" in str(result.broken)


def test_a_deleted_voucher_is_named_from_its_history(books):
    vouchers = _post_three(books)
    _behind_the_triggers(("DELETE FROM finance_voucherline WHERE voucher_id = %s", [vouchers[0].pk]),
                         ("DELETE FROM finance_voucher WHERE id = %s", [vouchers[0].pk]))
    broken = chain.verify_ledger(books.ledger).broken
    assert broken.seq == 1 and broken.voucher_id is None
    assert "记字第 1 号" in broken.voucher_label


def test_two_swapped_vouchers_are_named(books):
    vouchers = _post_three(books)
    _behind_the_triggers(("UPDATE finance_voucher SET chain_seq = 999 WHERE id = %s", [vouchers[0].pk]),
                         ("UPDATE finance_voucher SET chain_seq = 1 WHERE id = %s", [vouchers[1].pk]),
                         ("UPDATE finance_voucher SET chain_seq = 2 WHERE id = %s", [vouchers[0].pk]))
    assert chain.verify_ledger(books.ledger).broken.voucher_id == vouchers[1].pk


def test_a_voucher_turned_posted_by_sql_is_named(books):
    draft = fin.prepare(ledger=books.ledger, on=books.day, by=books.chair,
                        lines=builders.lines(("102", "debit", "50", "收款"), ("501", "credit", "50")))
    _post_three(books)
    _behind_the_triggers(("ALTER TABLE finance_voucher DROP CONSTRAINT posted_voucher_is_sealed", []),
                         ("UPDATE finance_voucher SET status = 'posted', reviewed_by_id = %s, posted_by_id = %s "
                          "WHERE id = %s", [books.officer.pk, books.officer.pk, draft.pk]))
    assert chain.verify_ledger(books.ledger).broken.voucher_id == draft.pk


def test_the_database_refuses_to_change_a_seal(books):
    from django.db import DatabaseError, transaction

    voucher = _post_three(books)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        Voucher.objects.filter(pk=voucher.pk).update(chain_hash="0" * 64)


def test_the_command_names_the_changed_voucher(books, capsys):
    vouchers = _post_three(books)
    call_command("verify_books", "--village", books.ledger.village.code)
    assert "全部核验通过" in capsys.readouterr().out
    _behind_the_triggers(("UPDATE finance_voucher SET date = %s WHERE id = %s", [date(2026, 11, 5), vouchers[2].pk]))
    with pytest.raises(CommandError):
        call_command("verify_books", "--county")
    assert "记字第 3 号" in capsys.readouterr().err


def test_the_auditors_admin_action_names_the_changed_voucher(books, client):
    vouchers = _post_three(books)
    _behind_the_triggers(("UPDATE finance_voucher SET posted_by_id = %s WHERE id = %s",
                          [books.officer_b.pk, vouchers[0].pk]))
    client.force_login(books.auditor)
    response = client.post("/admin/finance/ledger/", {"action": "verify_books",
                                                      "_selected_action": [books.ledger.pk]}, follow=True)
    text = response.content.decode()
    assert "核验未通过" in text and "记字第 1 号" in text


def test_a_chairman_is_not_offered_the_verification(books, client):
    client.force_login(books.chair)
    response = client.get("/admin/finance/ledger/")
    assert "verify_books" not in response.content.decode()


def test_verifying_reads_three_statements_per_ledger_whatever_its_size(books, django_assert_max_num_queries):
    """The ledgers, then per ledger its closed months' stored heads, its vouchers and its lines."""
    _post_three(books)
    with django_assert_max_num_queries(4):
        assert chain.verify(Ledger.objects.filter(pk=books.ledger.pk))[0].ok


@pytest.fixture
def committed_books(django_db_serialized_rollback, transactional_db, books):
    """The books committed, so that two threads read them through their own connections."""
    return books


def test_two_postings_at_once_do_not_fork_the_chain(committed_books):
    from tests.threads import run_in_threads

    b = committed_books

    def post(amount):
        return lambda: builders.posted(b.ledger, b.day, (("102", "debit", amount, "收入"), ("501", "credit", amount)),
                                       preparer=b.chair, approver=b.officer)

    results = run_in_threads(post("10.00"), post("20.00"), interleave_locks=True)
    assert all(isinstance(r, Voucher) for r in results), results
    assert sorted(r.chain_seq for r in results) == [1, 2]
    assert chain.verify_ledger(b.ledger).ok


def test_the_migration_seals_books_posted_before_the_chain_as_posting_would(books):
    import importlib

    from django.apps import apps

    vouchers = _post_three(books)
    _behind_the_triggers(("ALTER TABLE finance_voucher DROP CONSTRAINT posted_voucher_is_sealed", []),
                         ("UPDATE finance_voucher SET chain_seq = NULL, chain_hash = '' WHERE ledger_id = %s",
                          [books.ledger.pk]))
    migration = importlib.import_module("finance.migrations.0012_voucher_hash_chain")
    with connection.schema_editor(atomic=False) as editor:
        migration.seal_posted(apps, editor)
    assert [v.chain_hash for v in Voucher.objects.filter(ledger=books.ledger).order_by("chain_seq")] == \
        [v.chain_hash for v in vouchers]


def _close_january(books):
    """A voucher posted in January, one in February, then January closed: its head is the January voucher's seal."""
    from finance.models import Period

    january, february = (builders.posted(books.ledger, on, (("301", "debit", "100.00", "更正"), ("501", "credit",
                                                                                              "100.00")),
                                         preparer=books.chair, approver=books.officer)
                         for on in (date(2026, 1, 5), date(2026, 2, 5)))
    period = fin.close_period(period=Period.objects.get(ledger=books.ledger, year=2026, month=1), by=books.officer)
    return january, february, period


def test_the_monthly_close_stores_the_chain_head_and_the_trial_balance_prints_it(books, client_for, tmp_path):
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    from coop.reports import missing_glyphs

    january, february, period = _close_january(books)
    january.refresh_from_db()
    assert (period.closed_head_seq, period.closed_head_hash) == (1, january.chain_hash)
    assert chain.verify_ledger(books.ledger).ok
    url = reverse("finance:report", args=[books.ledger.village.code, "trial-balance"])
    client = client_for(books.auditor)
    assert january.chain_hash in client.get(url, {"year": 2026, "month": 1}).text
    assert january.chain_hash not in client.get(url, {"year": 2026, "month": 2}).text  # February is open
    with missing_glyphs() as found:
        pdf = client.get(url, {"year": 2026, "month": 1, "format": "pdf"}).content
    (tmp_path / "trial-balance.pdf").write_bytes(pdf)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "").replace("\n", "")
    assert not found and january.chain_hash in text


def test_a_stored_head_changed_after_the_close_is_named(books):
    _close_january(books)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE finance_period SET closed_head_hash = %s WHERE ledger_id = %s AND month = 1",
                       ["0" * 64, books.ledger.pk])
    broken = chain.verify_ledger(books.ledger).broken
    assert broken is not None and "2026年1月结账时的账簿校验值" in str(broken)


def test_books_changed_and_resealed_after_the_close_are_found_by_the_stored_head(books):
    """Whoever changes an amount and recomputes every seal after it leaves a chain that agrees with itself — but
    not with the head the close stored (and printed)."""
    january, february, _period = _close_january(books)
    _behind_the_triggers(("UPDATE finance_voucherline SET amount = 10 WHERE voucher_id = %s", [january.pk]))
    previous, updates = chain.GENESIS, []
    for voucher in Voucher.objects.filter(ledger=books.ledger).order_by("chain_seq").values(*chain.SEALED_FIELDS):
        lines = list(VoucherLine.objects.filter(voucher_id=voucher["id"]).order_by("line_no")
                     .values_list(*chain.SEALED_LINE_FIELDS))
        previous = chain.digest(previous, voucher, lines)
        updates.append(("UPDATE finance_voucher SET chain_hash = %s WHERE id = %s", [previous, voucher["id"]]))
    _behind_the_triggers(*updates)
    broken = chain.verify_ledger(books.ledger).broken
    assert broken is not None and broken.voucher_id == january.pk and "结账后账簿" in broken.reason
    with pytest.raises(CommandError):
        call_command("verify_books", "--village", books.ledger.village.code)
