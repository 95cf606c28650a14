"""Share capital: each movement is recorded by the village and approved by the township (R2); approval posts
its voucher in the same transaction, so the share register equals the ledger's share capital."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.models import Cooperative
from coop.queries import charter_on, charters_from
from coop.refusals import Refusal, refuse
from finance import operations as fin
from finance import queries as ledger_queries
from finance.operations import require_township, require_village_hand
from members import queries
from members.models import Member, ShareTransaction
from members.operations._common import lock_cooperative

SHARES_BOOK = "股金"  # the ledger accounts only this register may post to (Account.managed_by)
SHARE_ACCOUNTS = {
    Member.Kind.POOR_HOUSEHOLD: ("30101", "贫困户股金"),
    Member.Kind.CAPABLE_HOUSEHOLD: ("30102", "能人大户股金"),
    Member.Kind.AGRIBUSINESS: ("30103", "涉农企业股金"),
}
K = ShareTransaction.Kind
S = ShareTransaction.Status


@transaction.atomic
def set_opening_shares(*, cooperative, holdings: list[tuple[Member, int]], by) -> list[ShareTransaction]:
    """期初股金: the holdings each member had in the paper share register when the village's books open in the
    system. Entered by the township before the opening balances — the ledger takes the share accounts'
    opening balances from these figures (finance.registers) — and replaced as a whole until the first voucher
    is posted. Earlier opening figures are kept as rejected rows, so the history shows each version."""
    require_township(by, cooperative, _("录入期初股金"))
    ledger = getattr(cooperative.village, "ledger", None)
    if ledger is None:
        raise RuleViolation(Rule.MEMBERS, _("%(v)s 尚未建账,请先建账再录入期初股金") % {"v": cooperative.village})
    cooperative = lock_cooperative(cooperative)
    ledger = fin.lock_ledger(ledger)  # the lock postings take: no first posting can slip in meanwhile
    fin.require_openings_open(ledger, _("期初股金"))
    if ledger.openings.exists():
        raise RuleViolation(Rule.MEMBERS, _(
            "本村已录入期初余额。期初股金须先于期初余额录入:请先在村级账套页面清除期初余额,"
            "录入期初股金后再导入期初余额(股金科目的期初余额由系统按期初股金填入)"))
    charter = charter_on(cooperative, ledger.start_date)
    if charter is None:
        raise RuleViolation(Rule.R7, _("合作社尚未录入章程,不能办理股金业务"))
    refuse(opening_refusals(cooperative, charter, [(0, member, shares) for member, shares in holdings]))
    replaced = list(cooperative.share_transactions.filter(kind=K.OPENING, status=S.APPROVED))
    for old in replaced:
        old.status, old.decided_at, old.reject_reason = S.REJECTED, timezone.now(), "已被新录入的期初股金替换"
    bulk_update_with_history(replaced, ShareTransaction, ["status", "decided_at", "reject_reason"], default_user=by,
                             default_change_reason="期初股金替换")
    for kind in {member.kind for member, _shares in holdings}:
        _share_account(cooperative, kind, by)
    number = cooperative.share_transactions.aggregate(n=Max("number"))["n"] or 0
    now = timezone.now()
    rows = [ShareTransaction(cooperative=cooperative, number=number + i, kind=K.OPENING, member=member,
                             shares=shares, amount=charter.share_price * shares, on=ledger.start_date,
                             status=S.APPROVED, recorded_by=by, decided_at=now, note="期初结转")
            for i, (member, shares) in enumerate(holdings, start=1)]
    return bulk_create_with_history(rows, ShareTransaction, batch_size=500, default_user=by,
                                    default_change_reason="期初股金")


def opening_refusals(cooperative, charter, holdings: list[tuple[int, Member, int]]) -> Iterator[Refusal]:
    """What refuses opening holdings, each against its caller's row: `set_opening_shares` raises them, the
    import's preview shows them beside the rows of its file before anything is written."""
    seen = set()
    for row, member, shares in holdings:
        if member.cooperative_id != cooperative.pk:
            yield Refusal(row, RuleViolation(Rule.MEMBERS, _("%(m)s 不是本社社员") % {"m": member}, field="member"))
        elif member.status != Member.Status.ACTIVE:
            yield Refusal(row, RuleViolation(Rule.MEMBERS, _("%(m)s 已退社") % {"m": member}, field="member"))
        elif member.pk in seen:
            yield Refusal(row, RuleViolation(Rule.MEMBERS, _("%(m)s 的期初股金重复") % {"m": member},
                                             field="member"))
        elif not isinstance(shares, int) or shares < 1:
            yield Refusal(row, RuleViolation(Rule.MEMBERS, _("%(m)s 的期初股数必须是正整数") % {"m": member},
                                             field="shares"))
        else:
            try:
                check_holding_limits(charter, member, shares)
            except RuleViolation as refusal:
                yield Refusal(row, refusal)
        seen.add(member.pk)


def opening_lines(ledger) -> list[tuple]:
    """What the share register carries over, as the share accounts' opening balances (finance.registers)."""
    cooperative = Cooperative.objects.filter(village=ledger.village_id).first()
    if cooperative is None:
        return []
    totals = queries.opening_totals(cooperative)
    accounts = ledger_queries.managed_accounts(ledger, SHARES_BOOK)
    return sorted(((accounts[SHARE_ACCOUNTS[kind][0]], Decimal("0"), total) for kind, total in totals.items()),
                  key=lambda line: line[0].code)


@transaction.atomic
def record_share_transaction(*, cooperative, kind: str, member: Member, shares: int, on: date, by,
                             to_member: Member | None = None, note: str = "") -> ShareTransaction:
    """登记 a pay-in, a withdrawal or a transfer. Checked now against the charter, and again on approval."""
    require_village_hand(by, cooperative, _("登记股金变动"))
    cooperative = lock_cooperative(cooperative)
    if on > timezone.localdate():
        raise RuleViolation(Rule.MEMBERS, _("日期 %(d)s 晚于今天") % {"d": on}, field="on")
    tx = ShareTransaction(cooperative=cooperative, kind=kind, member=member, to_member=to_member, shares=shares,
                          on=on, recorded_by=by, note=note.strip()[:200])
    _check(tx, cooperative)
    tx.amount = charter_on(cooperative, on).share_price * shares
    tx.number = (cooperative.share_transactions.aggregate(n=Max("number"))["n"] or 0) + 1
    return save_as(tx, by)


@transaction.atomic
def approve_share_transaction(*, tx: ShareTransaction, by) -> ShareTransaction:
    """审批入账 (R2, coop.approvals): a township officer other than the one who recorded it; the charter's rules
    hold again on the locked row, and the voucher posts now."""
    cooperative = lock_cooperative(tx.cooperative)

    def post(locked: ShareTransaction):
        _check(locked, cooperative)
        return fin.post_entry(
            village=cooperative.village, on=locked.on, summary=_summary(locked),
            lines=_lines(locked, cooperative, by), prepared_by=locked.recorded_by, approved_by=by, attachments=1,
            source=f"{SHARES_BOOK}:{locked.pk}")

    return approvals.approve(tx, by=by, post=post)


def reject_share_transaction(*, tx: ShareTransaction, by, reason: str) -> ShareTransaction:
    """驳回 (R2, coop.approvals): with the reason; nothing posts."""
    return approvals.reject(tx, by=by, reason=reason)


def _check(tx: ShareTransaction, cooperative: Cooperative) -> None:
    """The charter's share rules, on the holdings approved so far plus what is already waiting: the version in
    force on the movement's date, and for the holding it leaves, every later version too (still held then)."""
    charters = charters_from(cooperative, tx.on) if tx.on else []
    if not charters or charters[0].effective_from > tx.on:
        raise RuleViolation(Rule.R7, _("合作社尚未录入章程,不能办理股金业务"))
    charter = charters[0]
    if tx.shares is None or tx.shares < 1:
        raise RuleViolation(Rule.MEMBERS, _("股数必须是正整数"), field="shares")
    for who in filter(None, (tx.member, tx.to_member)):
        if who.cooperative_id != cooperative.pk:
            raise RuleViolation(Rule.MEMBERS, _("%(m)s 不是本社社员") % {"m": who}, field="member")
        if who.status != Member.Status.ACTIVE:
            raise RuleViolation(Rule.MEMBERS, _("%(m)s 已退社") % {"m": who}, field="member")
    available, committed = queries.holdings(tx.member, exclude=tx)
    if tx.kind == K.WITHDRAW:
        if not charter.withdrawal_allowed:
            raise RuleViolation(Rule.MEMBERS, _("本社章程不允许退股"), field="kind")
        months = (tx.on.year - tx.member.joined_on.year) * 12 + tx.on.month - tx.member.joined_on.month
        if months < charter.withdrawal_after_months:
            raise RuleViolation(Rule.MEMBERS, _("章程规定入社满 %(n)s 个月后才可退股,%(m)s 入社 %(k)s 个月") % {
                "n": charter.withdrawal_after_months, "m": tx.member.display_name, "k": max(months, 0)}, field="on")
    elif tx.kind == K.TRANSFER:
        if tx.to_member is None or tx.to_member.pk == tx.member.pk:
            raise RuleViolation(Rule.MEMBERS, _("转让须选择另一位本社社员作为受让方"), field="to_member")
    elif tx.kind != K.PAY_IN:
        raise RuleViolation(Rule.MEMBERS, _("股金变动类型不正确"), field="kind")
    if tx.kind != K.PAY_IN:
        _enough(tx.member, available, tx.shares)
    received = queries.holdings(tx.to_member, exclude=tx)[1] + tx.shares if tx.kind == K.TRANSFER else None
    for terms in charters:
        if tx.kind == K.PAY_IN:
            check_holding_limits(terms, tx.member, committed + tx.shares)
        else:
            _remaining(terms, tx.member, available - tx.shares)
        if received is not None:
            check_holding_limits(terms, tx.to_member, received)


def check_holding_limits(charter, member, total):
    """The charter's minimum and maximum shares per member, for a holding of `total` shares."""
    if total > charter.max_shares:
        raise RuleViolation(Rule.MEMBERS, _("章程规定每户最多 %(max)s 股,%(m)s 将持有 %(t)s 股") % {
            "max": charter.max_shares, "m": member.display_name, "t": total}, field="shares")
    if total < charter.min_shares:
        raise RuleViolation(Rule.MEMBERS, _("章程规定每户最少 %(min)s 股,%(m)s 将只持有 %(t)s 股") % {
            "min": charter.min_shares, "m": member.display_name, "t": total}, field="shares")


def _enough(member, held, shares):
    if shares > held:
        raise RuleViolation(Rule.MEMBERS, _("%(m)s 可动用的股份只有 %(h)s 股(已扣除待审批的退出),不能减少 %(s)s 股") % {
            "m": member.display_name, "h": held, "s": shares}, field="shares")


def _remaining(charter, member, left):
    if 0 < left < charter.min_shares:
        raise RuleViolation(Rule.MEMBERS, _("章程规定每户最少 %(min)s 股:%(m)s 剩余 %(l)s 股,请全部退出或少退") % {
            "min": charter.min_shares, "m": member.display_name, "l": left}, field="shares")


def _summary(tx) -> str:
    names = {K.PAY_IN: "入股", K.WITHDRAW: "退股", K.TRANSFER: "股金转让"}
    who = tx.member.display_name + (f"转{tx.to_member.display_name}" if tx.to_member_id else "")
    return f"{who}{names[tx.kind]}{tx.shares}股"


def _lines(tx, cooperative, by):
    amount = tx.amount
    share = _share_account(cooperative, tx.member.kind, by)
    if tx.kind == K.TRANSFER:
        to_share = _share_account(cooperative, tx.to_member.kind, by)
        return [fin.Line.debit(share, amount), fin.Line.credit(to_share, amount)]
    bank = ledger_queries.bank_account(cooperative.village, ledger_queries.BankPurpose.BASIC)  # R1: never cash
    if tx.kind == K.PAY_IN:
        return [fin.Line.debit(bank, amount), fin.Line.credit(share, amount)]
    return [fin.Line.debit(share, amount), fin.Line.credit(bank, amount)]


def _share_account(cooperative, kind, by):
    """The village's 股金 sub-account of 301 for the member kind, opened the first time it is needed."""
    code, name = SHARE_ACCOUNTS[kind]
    return fin.managed_account(village=cooperative.village, code=code, name=name, parent_code="301",
                               book=SHARES_BOOK, by=by)
