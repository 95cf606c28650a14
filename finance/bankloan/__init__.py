"""贴息贷款: a cooperative's interest-subsidised bank loans (issue 11). Its own app (label `bankloan`) beside the
ledger, which it reaches only through finance.operations and finance.queries.

* `models` — the county's SubsidyPolicy (dated), BankLoan, Drawdown, PrincipalRepayment, InterestPeriod,
  InterestPayment, SubsidyClaim (+ lines).
* `interest` — the bank's arithmetic, pure: days × annual / 360, settlement periods, penalty, subsidy.
* `operations` — the one door for every change; `queries` — reads (policy in force, principal outstanding).
* `admin`, `reports` (interest and subsidy statement; the 贴息申请表 PDF), `demo`.
See docs/design/bankloan.md for the accounts and the interest convention.
"""
