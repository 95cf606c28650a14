"""Tamper evidence: every posted voucher is sealed with a SHA-256 hash chained to the previous posted voucher of
its ledger, so that books changed straight in the database — past the triggers, by whoever can drop them — are
found, and the first voucher that no longer matches is named.

A voucher's seal covers what the printed voucher shows and who answered for it: its number, period and date, every
line (number, account, side, amount, summary), the preparer, reviewer and poster with their times, what it
reverses, its source, and its place in the chain (`chain_seq`, 1, 2, 3 … per ledger, without gaps). The seal of
voucher n is sha256(seal of n-1 + its canonical text), so removing, inserting or swapping vouchers breaks every
seal after it, and the chain's head (the last seal) vouches for the whole of the books up to it.

Sealing happens in the one place a voucher becomes posted (`finance.operations._common.post_locked`), with the
ledger row locked, so two postings never take the same place in the chain (a unique constraint says so too).
`verify(ledgers)` recomputes every chain; `finance verify_books` and the auditor's admin action call it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db.models import F, Q
from django.utils.translation import gettext as _

GENESIS = "0" * 64

# The voucher's own columns a seal covers (attribute names, so foreign keys are their ids).
SEALED_FIELDS = ("id", "ledger_id", "period_id", "number", "date", "prepared_by_id", "prepared_at",
                 "reviewed_by_id", "reviewed_at", "posted_by_id", "posted_at", "reversal_of_id", "is_closing",
                 "source", "attachments", "chain_seq")
# A line's columns, in order.
SEALED_LINE_FIELDS = ("line_no", "account_id", "side", "amount", "summary")


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def digest(previous: str, voucher: dict, lines: Iterable[tuple]) -> str:
    """The seal of one voucher: `voucher` holds SEALED_FIELDS, `lines` tuples of SEALED_LINE_FIELDS in line order.
    A pure function of plain values, so the migration that sealed the books already posted uses it too."""
    text = json.dumps([previous, [_canonical(voucher[name]) for name in SEALED_FIELDS],
                       [[_canonical(value) for value in line] for line in lines]],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def seal(voucher, lines: list[tuple], *, head_seq: int | None, head_hash: str | None) -> None:
    """Give a voucher about to be posted its place after the ledger's head and its seal. `lines` are
    (account, side, amount, summary) in line order, as the posting operation holds them."""
    voucher.chain_seq = (head_seq or 0) + 1
    values = {name: getattr(voucher, name) for name in SEALED_FIELDS}
    voucher.chain_hash = digest(head_hash or GENESIS, values,
                                [(no, account.pk, side, amount, summary)
                                 for no, (account, side, amount, summary) in enumerate(lines, start=1)])


def head_annotations(voucher_model, ledger_ref) -> dict:
    """Subqueries giving a ledger's chain head (`chain_head_seq`, `chain_head_hash`), to be annotated on the
    query a posting makes anyway (the period), so sealing costs no statement of its own."""
    from django.db.models import Subquery

    sealed = voucher_model.objects.filter(ledger=ledger_ref, chain_seq__isnull=False).order_by("-chain_seq")
    return {"chain_head_seq": Subquery(sealed.values("chain_seq")[:1]),
            "chain_head_hash": Subquery(sealed.values("chain_hash")[:1])}


@dataclass(frozen=True)
class Break:
    """Where a ledger's chain stops matching its stored data: the voucher named (None when the place in the chain
    is empty: a voucher removed), the place, and why, in Chinese."""

    ledger_id: int
    village: str
    seq: int
    voucher_id: int | None
    voucher_label: str
    reason: str

    def __str__(self):
        return _("%(village)s:%(voucher)s(链位 %(seq)s)%(reason)s") % {
            "village": self.village, "voucher": self.voucher_label, "seq": self.seq, "reason": self.reason}


@dataclass(frozen=True)
class LedgerResult:
    ledger_id: int
    village: str
    vouchers: int
    head: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def head_query(voucher_model, ledger_id: int, year: int, month: int):
    """The chain head through a month: the seal of the last voucher posted into that month or an earlier one, as
    (chain_seq, chain_hash), or None when nothing was posted yet. A function of the model given, so the migration
    that stored the heads of months already closed uses it too."""
    return (voucher_model.objects.filter(ledger_id=ledger_id, chain_seq__isnull=False)
            .filter(Q(period__year__lt=year) | Q(period__year=year, period__month__lte=month))
            .order_by("-chain_seq").values_list("chain_seq", "chain_hash").first())


def head_through(period) -> tuple[int | None, str]:
    """What the monthly close stores on the period (finance.operations.close_period): (chain_seq, chain_hash)."""
    from finance.models import Voucher

    return head_query(Voucher, period.ledger_id, period.year, period.month) or (None, "")


def verify_ledger(ledger) -> LedgerResult:
    """Recompute one ledger's chain from its stored vouchers and lines; the first voucher that no longer matches
    (or the first gap, or a posted voucher outside the chain) is named; then each closed month's stored head (the
    seal printed on its trial balance) must be the recomputed seal at its place. Three queries, whatever the size."""
    from finance.models import Period, Voucher, VoucherLine

    village = str(ledger.village)
    heads = list(Period.objects.filter(ledger=ledger, status=Period.Status.CLOSED, closed_head_seq__isnull=False)
                 .order_by("year", "month").values("year", "month", "closed_head_seq", "closed_head_hash"))
    wanted, seals = {head["closed_head_seq"] for head in heads}, {}
    posted = Voucher.Status.POSTED
    rows = (Voucher.objects.filter(ledger=ledger).filter(Q(status=posted) | Q(chain_seq__isnull=False))
            .order_by(F("chain_seq").asc(nulls_last=True), "pk")
            .values(*SEALED_FIELDS, "status", "chain_hash"))
    lines: dict[int, list[tuple]] = {}
    for line in (VoucherLine.objects.filter(ledger=ledger, voucher__chain_seq__isnull=False)
                 .order_by("voucher_id", "line_no").values_list("voucher_id", *SEALED_LINE_FIELDS)):
        lines.setdefault(line[0], []).append(line[1:])
    previous, count = GENESIS, 0
    for place, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        label, voucher_id, reason = _label(row), row["id"], None
        if row["chain_seq"] is None:
            reason = _("已记账,却没有防篡改校验值:不是经记账操作记账的")
        elif row["chain_seq"] > place:
            missing = _removed_label(ledger, place)
            reason = _("链位 %(seq)s 的凭证%(which)s已不在账中(被删除或改了链位),其后的凭证是%(next)s") % {
                "seq": place, "which": missing, "next": label}
            voucher_id, label = None, missing
        elif row["status"] != posted:
            reason = _("在防篡改链上,状态却被改为“%(status)s”") % {"status": Voucher.Status(row["status"]).label}
        elif digest(previous, row, lines.get(row["id"], [])) != row["chain_hash"]:
            reason = _("存储的数据(日期、凭证号、分录、金额、科目或经手人)与记账时的校验值不符")
        if reason:
            return LedgerResult(ledger.pk, village, count, previous,
                                Break(ledger.pk, village, place, voucher_id, label, reason))
        previous, count = row["chain_hash"], count + 1
        if place in wanted:
            seals[place] = (row["chain_hash"], row["id"], label)
    for head in heads:
        broken = _head_break(ledger.pk, village, head, seals, count)
        if broken:
            return LedgerResult(ledger.pk, village, count, previous, broken)
    return LedgerResult(ledger.pk, village, count, previous, None)


def _head_break(ledger_id, village, head, seals, count) -> Break | None:
    """A closed month whose stored head no longer is the chain's seal at its place: the books were changed after
    the close (and resealed, or the place is gone), or the stored head itself was changed."""
    seq, month = head["closed_head_seq"], _("%(year)s年%(month)s月结账时的账簿校验值") % head
    if seq not in seals:
        return Break(ledger_id, village, seq, None, month, _("结账时链上有 %(seq)s 张凭证,现在只有 %(n)s 张") % {
            "seq": seq, "n": count})
    seal, voucher_id, label = seals[seq]
    if seal != head["closed_head_hash"]:
        return Break(ledger_id, village, seq, voucher_id, month, _(
            "与现在账簿中%(voucher)s的校验值不符:结账后账簿或其校验值被改动,打印的科目余额表不再与账簿一致") % {
            "voucher": label})
    return None


def verify(ledgers) -> list[LedgerResult]:
    """`verify_ledger` for each ledger of a queryset, in village order."""
    return [verify_ledger(ledger) for ledger in ledgers.select_related("village").order_by("village__code")]


def _label(row) -> str:
    return _("%(year)s年%(month)s月 记字第 %(n)s 号") % {
        "year": row["date"].year, "month": row["date"].month, "n": row["number"]}


def _removed_label(ledger, seq: int) -> str:
    """A removed voucher's name from its history (kept by the posting), when the history is still there."""
    from finance.models import Voucher

    old = (Voucher.history.filter(ledger_id=ledger.pk, chain_seq=seq).order_by("-history_id")
           .values("date", "number").first())
    return _label(old) if old else _("(已无记录)")
