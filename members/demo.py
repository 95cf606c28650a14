"""The demo county's members, to the figures of DOMAIN.md §1: 1,017 member households across the 11
cooperatives and 1,844,000 元 of share capital paid in, most of them registered poor households, with the
village cadres and their families among the villagers.

The cooperatives were founded in 2016 and their books open in the system on 1 January 2026, so the founding
households' holdings come over from the paper share register as 期初股金 (`seed`, before the ledger's
opening balances, which take these figures) — one batch per cooperative, as a township carries a register
over. The last LATE households of each cooperative join in November 2026 and pay in through the register
(`pay_ins`), recorded by the chairman and approved by the township, each posting its voucher. (Paying all
1,017 in one by one took minutes of `make run`, issue 10.)

Idempotent: a cooperative that already has members, or already has pay-ins, is left alone."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from coop import spreadsheets
from coop.models import Cooperative, User
from coop.roles import Role
from members import operations as mem
from members.imports import roster
from members.models import CadreTerm, Member

HOUSEHOLDS = [120, 80, 85, 110, 75, 105, 90, 85, 100, 80, 87]  # per cooperative, in village-code order: 1,017
TOTAL_SHARES = 18440  # 1,844,000 元 at 100 元 a share
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "明华", "德全", "永福", "志强", "兴旺", "春生", "国庆", "正平", "长青", "家兴", "秀英", "桂兰",
         "玉梅", "海燕", "小红", "文军", "新民", "光明", "红霞"]
LATE = 3  # households per cooperative that join and pay in during 2026
GROUPS = ["一组", "二组", "三组", "四组", "五组"]
CADRE_POSTS = [(CadreTerm.Post.COMMITTEE_DIRECTOR, date(2017, 1, 1)),
               (CadreTerm.Post.COMMITTEE_MEMBER, date(2017, 1, 1)),
               (CadreTerm.Post.BRANCH_MEMBER, date(2014, 1, 1)), (CadreTerm.Post.GROUP_LEADER, date(2020, 1, 1))]


def id_number(k: int) -> str:
    """A valid, unique 留坝县 (610729) ID number for the k-th demo person."""
    body = f"610729{1950 + k % 40}{1 + k % 12:02d}{1 + k % 28:02d}{k // 40 % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def share_plan() -> list[int]:
    """Shares per household, county-wide, adding up to exactly TOTAL_SHARES, within the charter's 1–100."""
    plan = []
    for i in range(sum(HOUSEHOLDS)):
        plan.append(8 + i * 7 % 9 if i % 4 else 20 + i * 13 % 21)  # poor households smaller, capable larger
    i = 0
    while sum(plan) != TOTAL_SHARES:
        step = 1 if sum(plan) < TOTAL_SHARES else -1
        if 1 <= plan[i % len(plan)] + step <= 100:
            plan[i % len(plan)] += step
        i += 1
    return plan


def _pay_day():
    return min(timezone.localdate(), date(2026, 11, 20))


def _cooperatives():
    """(cooperative, its households, the offset of its first household in the share plan), in village order."""
    offset = 0
    for coop, size in zip(Cooperative.objects.select_related("village__township").order_by("village__code"),
                          HOUSEHOLDS, strict=False):
        yield coop, size, offset
        offset += size


def _hands(coop):
    chair = User.objects.filter(role=Role.CHAIRMAN, village=coop.village).first()
    officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=coop.village.township).order_by("pk").first()
    return chair, officer


def seed() -> None:
    """The roster and the founding households' carried-over holdings (期初股金)."""
    plan = share_plan()
    for coop, size, offset in _cooperatives():
        ledger = getattr(coop.village, "ledger", None)
        if coop.members.exists() or ledger is None or ledger.openings.exists():
            continue
        chair, officer = _hands(coop)
        rows = []
        for i in range(size):
            person = 2 * (offset + i)
            poor = i % 4 != 0
            number, group = f"{i + 1:03d}", GROUPS[i % 5]
            joined = _pay_day() if i >= size - LATE else coop.founded_on
            rows.append([number, group, "", SURNAMES[(person // 20) % len(SURNAMES)] + GIVEN[person % len(GIVEN)],
                         id_number(person), "户主", "", "是" if poor else "否", 2019 if poor and i % 3 == 0 else "",
                         "贫困户" if poor else "能人大户", joined.isoformat()])
            rows.append([number, group, "", SURNAMES[(person + 7) % 20] + GIVEN[(person + 11) % 20],
                         id_number(person + 1), "配偶", "", "", "", "", ""])
        # The roster goes in through the Excel import, the door a village uses for a whole roster at once.
        parsed = roster.parse(spreadsheets.template("花名册", roster.HEADERS, rows), coop.village)
        if not parsed.ok:
            raise RuntimeError(f"demo roster for {coop.village}: {parsed.errors[:3]}")
        roster.apply(parsed, chair)
        members = list(Member.objects.filter(cooperative=coop).select_related("household").order_by("number"))
        mem.set_opening_shares(cooperative=coop, by=officer, holdings=[
            (member, plan[offset + i]) for i, member in enumerate(members[:size - LATE])])
        households = coop.village.households.prefetch_related("persons").order_by("number")
        heads = [({p.relation: p for p in h.persons.all()}["head"], {p.relation: p for p in h.persons.all()}["spouse"])
                 for h in households[:len(CADRE_POSTS) + 1]]
        _cadres(coop, heads, officer)


def pay_ins() -> None:
    """The households that joined in 2026 pay in through the register; each approval posts its voucher."""
    plan = share_plan()
    for coop, size, offset in _cooperatives():
        if not coop.members.exists() or coop.share_transactions.filter(kind="pay_in").exists():
            continue
        chair, officer = _hands(coop)
        members = Member.objects.filter(cooperative=coop).select_related("household").order_by("number")
        for i, member in enumerate(members[size - LATE:size], start=size - LATE):
            tx = mem.record_share_transaction(cooperative=coop, kind="pay_in", member=member,
                                              shares=plan[offset + i], on=_pay_day(), by=chair)
            mem.approve_share_transaction(tx=tx, by=officer)


def _cadres(coop, heads, officer):
    """Three village cadres and a group leader, with their spouses on record: R4 has someone to refuse."""
    for (head, spouse), (post, start) in zip(heads[1:], CADRE_POSTS, strict=False):
        mem.record_cadre_term(village=coop.village, person=head, post=post, start=start, by=officer)
        mem.record_kinship(person=head, relative=spouse, relation="spouse", by=officer)


def totals() -> tuple[int, Decimal]:
    members = Member.objects.filter(household__isnull=False).values("household").distinct().count()
    from members.queries import total_capital

    return members, sum((total_capital(c) for c in Cooperative.objects.all()), Decimal("0"))
