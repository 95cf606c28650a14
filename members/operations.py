"""Members and share capital: the one door. Each movement of shares is recorded by the village and
approved by the township (R2); approval posts its voucher into the village ledger in the same transaction,
so the share register (股金台账) and the ledger's share-capital account can never disagree."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coop.errors import RuleViolation
from coop.history import save_as
from coop.models import Cooperative
from coop.roles import Role
from finance import operations as fin
from finance.models import Account
from finance.rules import require_scope, require_township, require_township_or_county, require_village_hand
from members import queries
from members.identity import normalize_id_number
from members.models import CadreTerm, Household, Kinship, Member, Person, ShareTransaction

SHARES_BOOK = "股金"  # the ledger accounts only this register may post to (Account.managed_by)
SHARE_ACCOUNTS = {
    Member.Kind.POOR_HOUSEHOLD: ("30101", "贫困户股金"),
    Member.Kind.CAPABLE_HOUSEHOLD: ("30102", "能人大户股金"),
    Member.Kind.AGRIBUSINESS: ("30103", "涉农企业股金"),
}
K = ShareTransaction.Kind
S = ShareTransaction.Status


def _lock(cooperative) -> Cooperative:
    return Cooperative.objects.select_for_update(of=("self",)).select_related("charter", "village__township").get(
        pk=cooperative.pk)


@transaction.atomic
def admit_member(*, cooperative, kind, joined_on: date, by, household: Household | None = None,
                 enterprise_name: str = "", credit_code: str = "") -> Member:
    """入社. A poor-household member must be a registered poor household (建档立卡) of the village."""
    require_village_hand(by, cooperative, _("登记社员"))
    cooperative = _lock(cooperative)
    if household is not None and household.village_id != cooperative.village_id:
        raise RuleViolation("MEMBERS", _("%(h)s 不是本村农户") % {"h": household}, field="household")
    check_admission(cooperative, kind=kind, joined_on=joined_on, who=str(household or enterprise_name),
                    registered_poor=household is not None and household.is_registered_poor)
    number = (cooperative.members.aggregate(n=Max("number"))["n"] or 0) + 1
    return save_as(Member(cooperative=cooperative, number=number, kind=kind, household=household,
                        enterprise_name=enterprise_name.strip(), credit_code=credit_code.strip().upper(),
                        joined_on=joined_on), by)


def check_admission(cooperative, *, kind, joined_on: date, who: str, registered_poor: bool) -> None:
    """The admission rules every door shares (the admin form, the roster import, direct calls): a member
    joining as a poor household is a registered poor household, and joins on a real date in the
    cooperative's life."""
    if kind == Member.Kind.POOR_HOUSEHOLD and not registered_poor:
        raise RuleViolation("MEMBERS", _("%(h)s 不是建档立卡贫困户,不能以贫困户身份入社") % {"h": who}, field="kind")
    if joined_on > timezone.localdate():
        raise RuleViolation("MEMBERS", _("入社日期 %(d)s 晚于今天") % {"d": joined_on}, field="joined_on")
    if joined_on < cooperative.founded_on:
        raise RuleViolation("MEMBERS", _("入社日期 %(d)s 早于合作社成立日期 %(f)s") % {
            "d": joined_on, "f": cooperative.founded_on}, field="joined_on")


@transaction.atomic
def leave_cooperative(*, member: Member, on: date, by) -> Member:
    """退社. Only a member holding no shares and with nothing waiting for approval may leave: the shares
    are withdrawn first (a movement the township approves and posts), so the register stays whole."""
    require_village_hand(by, member.cooperative, _("办理退社"))
    _lock(member.cooperative)
    member = Member.objects.select_for_update(of=("self",)).get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise RuleViolation("MEMBERS", _("%(m)s 已退社") % {"m": member})
    if on > timezone.localdate():
        raise RuleViolation("MEMBERS", _("退社日期 %(d)s 晚于今天") % {"d": on}, field="left_on")
    if on < member.joined_on:
        raise RuleViolation("MEMBERS", _("退社日期 %(d)s 早于入社日期 %(j)s") % {"d": on, "j": member.joined_on},
                            field="left_on")
    available, committed = queries.holdings(member)  # pending movements count in one or the other
    if available or committed:
        raise RuleViolation("MEMBERS", _(
            "%(m)s 还持有 %(n)s 股或有待审批的股金变动:请先办理全部退股(或转让)并经镇财政所审批入账,再办理退社") % {
            "m": member, "n": max(available, committed)})
    member.status, member.left_on = Member.Status.WITHDRAWN, on
    return save_as(member, by)


@transaction.atomic
def set_opening_shares(*, cooperative, holdings: list[tuple[Member, int]], by) -> list[ShareTransaction]:
    """期初股金: the holdings each member had in the paper share register when the village's books open in the
    system. Entered by the township before the opening balances — the ledger takes the share accounts'
    opening balances from these figures (finance.registers) — and replaced as a whole until the first voucher
    is posted. Earlier opening figures are kept as rejected rows, so the history shows each version."""
    require_township(by, cooperative, _("录入期初股金"))
    ledger = getattr(cooperative.village, "ledger", None)
    if ledger is None:
        raise RuleViolation("MEMBERS", _("%(v)s 尚未建账,请先建账再录入期初股金") % {"v": cooperative.village})
    ledger = fin.lock_ledger(ledger)  # the lock postings take: no first posting can slip in meanwhile
    cooperative = _lock(cooperative)
    fin.require_openings_open(ledger, _("期初股金"))
    if ledger.openings.exists():
        raise RuleViolation("MEMBERS", _(
            "本村已录入期初余额。期初股金须先于期初余额录入:请先在村级账套页面清除期初余额,"
            "录入期初股金后再导入期初余额(股金科目的期初余额由系统按期初股金填入)"))
    charter = getattr(cooperative, "charter", None)
    if charter is None:
        raise RuleViolation("R7", _("合作社尚未录入章程,不能办理股金业务"))
    seen = set()
    for member, shares in holdings:
        if member.cooperative_id != cooperative.pk:
            raise RuleViolation("MEMBERS", _("%(m)s 不是本社社员") % {"m": member}, field="member")
        if member.status != Member.Status.ACTIVE:
            raise RuleViolation("MEMBERS", _("%(m)s 已退社") % {"m": member}, field="member")
        if member.pk in seen:
            raise RuleViolation("MEMBERS", _("%(m)s 的期初股金重复") % {"m": member}, field="member")
        seen.add(member.pk)
        if not isinstance(shares, int) or shares < 1:
            raise RuleViolation("MEMBERS", _("%(m)s 的期初股数必须是正整数") % {"m": member}, field="shares")
        check_holding_limits(charter, member, shares)
    replaced = list(cooperative.share_transactions.filter(kind=K.OPENING, status=S.APPROVED))
    for old in replaced:
        old.status, old.note = S.REJECTED, "已被新录入的期初股金替换"
    bulk_update_with_history(replaced, ShareTransaction, ["status", "note"], default_user=by,
                             default_change_reason="期初股金替换")
    for kind in {member.kind for member, _shares in holdings}:
        _share_account(cooperative, kind, by)
    number = cooperative.share_transactions.aggregate(n=Max("number"))["n"] or 0
    now = timezone.now()
    rows = [ShareTransaction(cooperative=cooperative, number=number + i, kind=K.OPENING, member=member,
                             shares=shares, amount=charter.share_price * shares, on=ledger.start_date,
                             status=S.APPROVED, recorded_by=by, approved_at=now, note="期初结转")
            for i, (member, shares) in enumerate(holdings, start=1)]
    return bulk_create_with_history(rows, ShareTransaction, batch_size=500, default_user=by,
                                    default_change_reason="期初股金")


def opening_lines(ledger) -> list[tuple]:
    """What the share register carries over, as the share accounts' opening balances (finance.registers)."""
    cooperative = Cooperative.objects.filter(village=ledger.village_id).first()
    if cooperative is None:
        return []
    totals = queries.opening_totals(cooperative)
    accounts = {a.code: a for a in Account.objects.filter(chart=ledger.chart, village=ledger.village_id,
                                                          managed_by=SHARES_BOOK)}
    return sorted(((accounts[SHARE_ACCOUNTS[kind][0]], Decimal("0"), total) for kind, total in totals.items()),
                  key=lambda line: line[0].code)


@transaction.atomic
def record_share_transaction(*, cooperative, kind: str, member: Member, shares: int, on: date, by,
                             to_member: Member | None = None, note: str = "") -> ShareTransaction:
    """登记 a pay-in, a withdrawal or a transfer. Checked now against the charter, and again on approval."""
    require_village_hand(by, cooperative, _("登记股金变动"))
    cooperative = _lock(cooperative)
    if on > timezone.localdate():
        raise RuleViolation("MEMBERS", _("日期 %(d)s 晚于今天") % {"d": on}, field="on")
    tx = ShareTransaction(cooperative=cooperative, kind=kind, member=member, to_member=to_member, shares=shares,
                          on=on, recorded_by=by, note=note.strip()[:200])
    _check(tx, cooperative)
    tx.amount = cooperative.charter.share_price * shares
    tx.number = (cooperative.share_transactions.aggregate(n=Max("number"))["n"] or 0) + 1
    return save_as(tx, by)


@transaction.atomic
def approve_share_transaction(*, tx: ShareTransaction, by) -> ShareTransaction:
    """审批入账 (R2): a township officer other than the one who recorded it; the voucher posts now."""
    require_township(by, tx, _("审批股金变动"))
    cooperative = _lock(tx.cooperative)
    tx = ShareTransaction.objects.select_for_update(of=("self",)).select_related("member", "to_member").get(
        pk=tx.pk)
    if tx.status != S.PENDING:
        raise RuleViolation("MEMBERS", _("此股金变动已%(s)s") % {"s": tx.get_status_display()})
    if tx.recorded_by_id == by.pk:
        raise RuleViolation("R2", _("R2 四眼原则:%(u)s 经办了此笔股金变动,不能自己审批") % {"u": by.get_full_name()})
    _check(tx, cooperative)
    tx.voucher = fin.post_entry(
        village=cooperative.village, on=tx.on, summary=_summary(tx), lines=_lines(tx, cooperative, by),
        prepared_by=tx.recorded_by, approved_by=by, attachments=1, source=f"{SHARES_BOOK}:{tx.pk}")
    tx.status, tx.approved_by, tx.approved_at = S.APPROVED, by, timezone.now()
    return save_as(tx, by)


@transaction.atomic
def reject_share_transaction(*, tx: ShareTransaction, by, reason: str) -> ShareTransaction:
    require_township(by, tx, _("驳回股金变动"))
    tx = ShareTransaction.objects.select_for_update().get(pk=tx.pk)
    if tx.status != S.PENDING:
        raise RuleViolation("MEMBERS", _("此股金变动已%(s)s") % {"s": tx.get_status_display()})
    if not (reason or "").strip():
        raise RuleViolation("MEMBERS", _("驳回必须填写原因"), field="note")
    tx.status, tx.note = S.REJECTED, reason.strip()[:200]
    return save_as(tx, by)


def _check(tx: ShareTransaction, cooperative: Cooperative) -> None:
    """The charter's share rules, on the holdings approved so far plus what is already waiting."""
    charter = getattr(cooperative, "charter", None)
    if charter is None:
        raise RuleViolation("R7", _("合作社尚未录入章程,不能办理股金业务"))
    if tx.shares is None or tx.shares < 1:
        raise RuleViolation("MEMBERS", _("股数必须是正整数"), field="shares")
    for who in filter(None, (tx.member, tx.to_member)):
        if who.cooperative_id != cooperative.pk:
            raise RuleViolation("MEMBERS", _("%(m)s 不是本社社员") % {"m": who}, field="member")
        if who.status != Member.Status.ACTIVE:
            raise RuleViolation("MEMBERS", _("%(m)s 已退社") % {"m": who}, field="member")
    available, committed = queries.holdings(tx.member, exclude=tx)
    if tx.kind == K.PAY_IN:
        check_holding_limits(charter, tx.member, committed + tx.shares)
    elif tx.kind == K.WITHDRAW:
        if not charter.withdrawal_allowed:
            raise RuleViolation("MEMBERS", _("本社章程不允许退股"), field="kind")
        months = (tx.on.year - tx.member.joined_on.year) * 12 + tx.on.month - tx.member.joined_on.month
        if months < charter.withdrawal_after_months:
            raise RuleViolation("MEMBERS", _("章程规定入社满 %(n)s 个月后才可退股,%(m)s 入社 %(k)s 个月") % {
                "n": charter.withdrawal_after_months, "m": tx.member.display_name, "k": max(months, 0)}, field="on")
        _enough(tx.member, available, tx.shares)
        _remaining(charter, tx.member, available - tx.shares)
    elif tx.kind == K.TRANSFER:
        if tx.to_member is None or tx.to_member.pk == tx.member.pk:
            raise RuleViolation("MEMBERS", _("转让须选择另一位本社社员作为受让方"), field="to_member")
        _enough(tx.member, available, tx.shares)
        _remaining(charter, tx.member, available - tx.shares)
        check_holding_limits(charter, tx.to_member, queries.holdings(tx.to_member, exclude=tx)[1] + tx.shares)
    else:
        raise RuleViolation("MEMBERS", _("股金变动类型不正确"), field="kind")


def check_holding_limits(charter, member, total):
    """The charter's minimum and maximum shares per member, for a holding of `total` shares."""
    if total > charter.max_shares:
        raise RuleViolation("MEMBERS", _("章程规定每户最多 %(max)s 股,%(m)s 将持有 %(t)s 股") % {
            "max": charter.max_shares, "m": member.display_name, "t": total}, field="shares")
    if total < charter.min_shares:
        raise RuleViolation("MEMBERS", _("章程规定每户最少 %(min)s 股,%(m)s 将只持有 %(t)s 股") % {
            "min": charter.min_shares, "m": member.display_name, "t": total}, field="shares")


def _enough(member, held, shares):
    if shares > held:
        raise RuleViolation("MEMBERS", _("%(m)s 可动用的股份只有 %(h)s 股(已扣除待审批的退出),不能减少 %(s)s 股") % {
            "m": member.display_name, "h": held, "s": shares}, field="shares")


def _remaining(charter, member, left):
    if 0 < left < charter.min_shares:
        raise RuleViolation("MEMBERS", _("章程规定每户最少 %(min)s 股:%(m)s 剩余 %(l)s 股,请全部退出或少退") % {
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
    bank = _bank_account(cooperative)
    if tx.kind == K.PAY_IN:
        return [fin.Line.debit(bank, amount), fin.Line.credit(share, amount)]
    return [fin.Line.debit(share, amount), fin.Line.credit(bank, amount)]


def _share_account(cooperative, kind, by) -> Account:
    """The village's 股金 sub-account of 301 for the member kind, opened the first time it is needed."""
    code, name = SHARE_ACCOUNTS[kind]
    ledger = cooperative.village.ledger
    account = Account.objects.filter(chart=ledger.chart, village=cooperative.village, code=code).first()
    if account is not None:
        if account.managed_by != SHARES_BOOK:
            raise RuleViolation("MEMBERS", _("科目 %(a)s 已被手工设立,不能作为股金台账科目;请镇财政所调整科目") % {
                "a": account})
        return account
    parent = Account.objects.get(chart=ledger.chart, village__isnull=True, code="301")
    return fin.add_sub_account(parent=parent, village=cooperative.village, code=code, name=name, by=by,
                               managed_by=SHARES_BOOK)


def _bank_account(cooperative) -> Account:
    """Where share money comes in and goes out (R1: never cash): the village's first bank account."""
    ledger = cooperative.village.ledger
    village_banks = Account.objects.filter(chart=ledger.chart, village=cooperative.village,
                                           code__startswith="102").order_by("code")
    leaf = next((a for a in village_banks if not a.children.exists()), None)
    return leaf or Account.objects.get(chart=ledger.chart, village__isnull=True, code="102")


@transaction.atomic
def register_household(*, village, number: str, by, group: str = "", address: str = "",
                       is_registered_poor: bool = False, poverty_exit_year: int | None = None) -> Household:
    require_village_hand(by, village, _("登记农户"))
    return save_as(Household(village=village, number=number.strip(), group=group.strip(), address=address.strip(),
                           is_registered_poor=is_registered_poor, poverty_exit_year=poverty_exit_year), by)


@transaction.atomic
def register_person(*, household: Household, name: str, id_number: str, by,
                    relation: str = Person.Relation.HEAD, phone: str = "") -> Person:
    """One person of a household; the ID number is stored normalised, so …x and …X are the same person."""
    require_village_hand(by, household, _("登记人员"))
    return save_as(Person(household=household, name=name.strip(), id_number=normalize_id_number(id_number),
                        relation=relation, phone=phone.strip()), by)


@transaction.atomic
def record_cadre_term(*, village, person: Person, post: str, start: date, by, end: date | None = None) -> CadreTerm:
    """Cadre terms are kept by the township or the county, not by the village whose cadres they are (R4)."""
    require_township_or_county(by, village, _("登记村组干部任期"))
    return save_as(CadreTerm(village=village, person=person, post=post, start=start, end=end), by)


@transaction.atomic
def record_kinship(*, person: Person, relative: Person, relation: str, by) -> Kinship:
    if by.role not in (Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN, Role.CHAIRMAN):
        raise RuleViolation("R2", _("R2 权限:无权登记亲属关系"))
    require_scope(by, person, _("登记亲属关系"))
    return save_as(Kinship(person=person, relative=relative, relation=relation), by)
