"""The ledger accounts a distribution posts to (docs/design/distribution.md says why each).

* the year's distribution: the standard details of 32201 各项分配, one per line of the 收益及收益分配表 (finance
  migration 0011): 3220101 提取公积公益金 (the cooperative's development and the collective's accumulation, both
  kept as 公积公益金), 3220103 外来投资分利 (dividends of agribusiness members: outside investment),
  3220104 农户分配 (dividends of household members);
* where it goes: 311 公积公益金 in two sub-accounts the register keeps (合作社发展基金, 集体积累), and the members'
  dividends owed to them in 应付款 (211 in the 2023 chart, 202 in 2004) — 应付社员分红, a payable until paid;
* paying: from the bank account designated for the village's basic business (R1: never cash).
"""

from finance import operations as fin
from finance import queries as ledger

BOOK = "收益分配"  # the ledger accounts only the distribution's operations may post to (Account.managed_by)

RESERVES = "3220101"
OUTSIDE_INVESTORS = "3220103"
HOUSEHOLDS = "3220104"
DEVELOPMENT = ("31101", "合作社发展基金", "311")
ACCUMULATION = ("31102", "集体积累", "311")
DIVIDENDS_OWED = {"2023": ("21131", "应付社员分红", "211"), "2004": ("20231", "应付社员分红", "202")}


def _keep(village, spec, by):
    code, name, parent = spec
    return fin.managed_account(village=village, code=code, name=name, parent_code=parent, book=BOOK, by=by)


def development(village, by):
    return _keep(village, DEVELOPMENT, by)


def accumulation(village, by):
    return _keep(village, ACCUMULATION, by)


def dividends_owed(village, by):
    return _keep(village, DIVIDENDS_OWED[ledger.ledger_of(village).chart], by)


def bank(village):
    return ledger.bank_account(village, ledger.BankPurpose.BASIC)
