"""The village ledger (R1–R3). It knows no member, loan or project; other apps reach it only through its face,
`finance.operations` (writes) and `finance.queries` (reads) — never `finance.models` or its other modules
(tests/finance/test_face.py holds members, projects and services to this).

Writes (`finance.operations`), each in one transaction, refusing with a RuleViolation:

* `post_entry(village=, on=, summary=, lines=[Line.debit(...), Line.credit(...)], prepared_by=, approved_by=,
  source="<book>:<pk>")` — a register's money flow as one voucher, posted at once; `approved_by` is township
  finance staff other than `prepared_by` (R2).
* `reverse_entry(voucher=, on=, reason=, prepared_by=, approved_by=, source=)` — a register undoes its own
  posting (same book in `source`): the mirror voucher, pointing to the original, posted at once (R3).
* `managed_account(village=, code=, name=, parent_code=, book=, by=)` — the sub-account a register keeps
  (only that register posts to it), opened the first time it is needed.
* `designate_bank_account(village=, purpose=, account=, by=)` — the township names the bank account that
  serves a `BankPurpose` (basic, fund, project).
* `declare_openings(book, function)` — a register's carried-over figures become its accounts' openings.
* `lock_ledger(ledger)` — the lock every posting takes. Lock order: cooperative, then ledger, then rows.
* `require_village_hand`, `require_township`, `require_township_or_county`, `require_scope` — the role
  rights (R2) a register's operations check before they write.

Reads (`finance.queries`): `bank_account(village, purpose)` (`purpose` a `queries.BankPurpose`) — the
designated bank account, or the only one, or a refusal telling the township what to designate;
`managed_accounts(village, book)` by code; `ledger_of(village)`; `balance_of(ledger, account)` and the other
derived balances.
"""
