"""The demo's disclosures: for each pilot village its supervision committee, the quarterly sheets of 2026 Q1–Q3
drafted by the chairman, signed off (recorded by the township officer) and posted on the 20th of the month after
the quarter; Q4 as a draft; the first project's separate disclosure, posted; a correction of Q2 (a subsidy entered
late), posted; and the villagers' questions on Q3 — one answered in time, one past its deadline with no reply.

Registered after every other part: the sheets freeze the ledger's and the registers' figures as the demo leaves
them. Idempotent: a village that already has a disclosure is left alone."""

from datetime import date, datetime, time

from django.utils import timezone

from coop.models import User, Village
from coop.roles import Role
from disclosure import operations as ops
from disclosure.models import CommitteeMember, Disclosure
from projects.models import Project

COMMITTEE = [("赵监督", CommitteeMember.Post.CHAIR), ("钱理财", CommitteeMember.Post.MEMBER)]
QUARTERS = {1: (date(2026, 4, 12), date(2026, 4, 20)), 2: (date(2026, 7, 12), date(2026, 7, 20)),
            3: (date(2026, 10, 12), date(2026, 10, 20))}  # quarter: (signed off, posted)
CORRECTION_REASON = "原公开表漏盖村务监督委员会印章,经重新审核签字后公布"


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed() -> None:
    today = timezone.localdate()
    for village in Village.objects.filter(cooperative__isnull=False, ledger__isnull=False).order_by("code"):
        if Disclosure.objects.filter(village=village).exists():
            continue
        chair = User.objects.filter(role=Role.CHAIRMAN, village=village).order_by("pk").first()
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=village.township).order_by("pk").first()
        if chair is None or officer is None:
            continue
        _village(village, chair, officer, today)


def _village(village, chair, officer, today):
    members = [CommitteeMember.objects.filter(village=village, name=name).first()
               or ops.save_committee_member(by=chair, village=village, name=name, post=post, start=date(2024, 1, 1))
               for name, post in COMMITTEE]
    posted = {}
    for quarter, (signed, posted_on) in QUARTERS.items():
        if posted_on > today:
            break
        sheet = ops.draft(village=village, period=Disclosure.Period.QUARTER, year=2026, number=quarter, by=chair)
        posted[quarter] = _post(sheet, members, officer, chair, signed, posted_on)
    ops.draft(village=village, period=Disclosure.Period.QUARTER, year=2026, number=4, by=chair)
    project = Project.objects.filter(cooperative__village=village).order_by("number").first()
    if project is not None:
        _post(ops.draft_project(project=project, by=chair), members, officer, chair, today, today)
    if 2 in posted and date(2026, 8, 5) <= today:
        correction = ops.correct(disclosure=posted[2], by=chair, reason=CORRECTION_REASON)
        _post(correction, members, officer, chair, date(2026, 8, 3), date(2026, 8, 5))
    if 3 in posted:
        _questions(posted[3], officer, today)


def _post(sheet, members, officer, chair, signed, posted_on):
    ops.sign_off(disclosure=sheet, members=members, by=officer, on=signed)
    return ops.publish(disclosure=sheet, by=chair, posted_on=posted_on)


def _questions(sheet, officer, today):
    asked = date(2026, 10, 22)
    answered = ops.ask(disclosure=sheet, name="王大伯", phone="13991234567", at=_at(asked),
                       text="第三季度支出里的保洁员劳务费是发给谁的?一共几个人?")
    if date(2026, 10, 27) <= today:
        ops.reply(question=answered, by=officer, at=_at(date(2026, 10, 27), 15),
                  text="保洁员劳务费发给本村两名公益岗保洁员,按月通过银行代发,名单在村委会可查。")
    late = date(2026, 11, 3)
    if late <= today:
        ops.ask(disclosure=sheet, text="管理费收入1200元是哪个服务队交的?为什么第二季度没有?", at=_at(late))
