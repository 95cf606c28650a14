"""The one door for disclosures: draft, sign off (freezing the snapshot), publish, correct; the villagers'
questions (ask, reply); the committee members, the village's choices and the county's reply deadline.

Each runs in one transaction and refuses with RuleViolation(Rule.DISCLOSURE, …). The snapshot is taken at sign-off
from the declared sections (disclosure.sections), masked (coop.masking.scrub_all), and never recomputed: the
sheet, its PDF and the villagers' phone page all read it. The operations a logged-in user calls through the admin
take `by` and check its right and scope here (`_require`), so a door cannot forget to."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from coop import access, masking
from coop.errors import Rule, RuleViolation
from coop.limits import require_year
from disclosure import queries, sections
from disclosure.models import CommitteeMember, Disclosure, DisclosureSettings, Question, ReplyDeadline
from finance.queries import month_bounds

NUMERALS = "一二三四五六七八九十"


def settings_of(village) -> DisclosureSettings:
    return DisclosureSettings.objects.filter(village=village).first() or DisclosureSettings(village=village)


def period_bounds(period: str, year: int, number: int) -> tuple[date, date]:
    if period == Disclosure.Period.MONTH:
        return month_bounds(year, number)
    if period == Disclosure.Period.QUARTER:
        return date(year, 3 * number - 2, 1), month_bounds(year, 3 * number)[1]
    return date(year, 1, 1), date(year, 12, 31)


def period_label(period: str, year: int, number: int) -> str:
    if period == Disclosure.Period.MONTH:
        return _("%(y)s年%(n)s月") % {"y": year, "n": number}
    if period == Disclosure.Period.QUARTER:
        return _("%(y)s年第%(n)s季度") % {"y": year, "n": NUMERALS[number - 1]}
    return _("%(y)s年度") % {"y": year}


@transaction.atomic
def draft(*, village, period: str, year: int, number: int = 0, by, corrects: Disclosure | None = None,
          correction_reason: str = "") -> Disclosure:
    """A periodic disclosure's draft. Monthly only where the village chose it (DisclosureSettings.monthly)."""
    if period == Disclosure.Period.MONTH and not settings_of(village).monthly:
        raise RuleViolation(Rule.DISCLOSURE, _("本村未选择按月公开,请按季度或年度编制"), field="period")
    if period not in Disclosure.Period.values:
        raise RuleViolation(Rule.DISCLOSURE, _("公开周期不正确"), field="period")
    year = require_year(year, rule=Rule.DISCLOSURE)
    number = 0 if period == Disclosure.Period.YEAR else number
    limit = 12 if period == Disclosure.Period.MONTH else 4
    if period != Disclosure.Period.YEAR and not 1 <= number <= limit:
        raise RuleViolation(Rule.DISCLOSURE, _("月份或季度不正确"), field="number")
    if corrects is None:
        earlier = (Disclosure.objects.filter(village=village, kind=Disclosure.Kind.PERIODIC, period=period,
                                             year=year, number=number, corrects__isnull=True).first())
        if earlier is not None:
            raise RuleViolation(Rule.DISCLOSURE, _(
                "%(period)s的财务公开已编制(%(state)s),同一期只能有一份;有错误请修改草稿或对已公布的编制更正公开") % {
                "period": period_label(period, year, number), "state": earlier.get_status_display()},
                field="number" if period != Disclosure.Period.YEAR else "year")
    title = _("%(village)s%(period)s财务公开") % {"village": village.name,
                                                  "period": period_label(period, year, number)}
    return _create(village=village, kind=Disclosure.Kind.PERIODIC, period=period, year=year, number=number,
                   title=title, by=by, corrects=corrects, correction_reason=correction_reason)


@transaction.atomic
def draft_project(*, project, by, corrects: Disclosure | None = None, correction_reason: str = "") -> Disclosure:
    """A project's separate disclosure (专项公开: budget, competition, payments, settlement)."""
    village = project.cooperative.village
    title = _("%(village)s“%(project)s”项目专项公开") % {"village": village.name, "project": project.name}
    return _create(village=village, kind=Disclosure.Kind.PROJECT, period="", year=timezone.localdate().year,
                   number=0, project=project, title=title, by=by, corrects=corrects,
                   correction_reason=correction_reason)


def _create(*, corrects, correction_reason, by, **fields) -> Disclosure:
    _require(by, access.ADD, Disclosure, fields["village"])
    if corrects is not None:
        if not corrects.is_published:
            raise RuleViolation(Rule.DISCLOSURE, _("只能更正已公开的财务公开"))
        if not correction_reason.strip():
            raise RuleViolation(Rule.DISCLOSURE, _("请填写更正原因"), field="correction_reason")
        fields["title"] = _("%(title)s(更正)") % {"title": fields["title"]}
    return Disclosure.objects.create(prepared_by=by, corrects=corrects, correction_reason=correction_reason,
                                     **fields)


def active_members(village, on: date):
    return CommitteeMember.objects.filter(village=village, start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


@transaction.atomic
def sign_off(*, disclosure: Disclosure, members, by, on: date | None = None) -> Disclosure:
    """The supervision committee's review and signature, recorded by `by` (not the one who drafted it): the
    figures are frozen now. `members`: the committee members who signed, each in office on `on`."""
    on = on or timezone.localdate()
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.status != Disclosure.Status.DRAFT:
        raise RuleViolation(Rule.DISCLOSURE, _("该财务公开已审核签字,不能再次签字"))
    if by.pk == disclosure.prepared_by_id:
        raise RuleViolation(Rule.DISCLOSURE, _("编制人不能登记本人编制的财务公开的审核签字(四眼原则)"))
    _require(by, "sign_off", Disclosure, disclosure.village)
    members = list(members)
    if not members:
        raise RuleViolation(Rule.DISCLOSURE, _("请选择审核签字的村务监督委员会成员"), field="reviewers")
    in_office = set(active_members(disclosure.village, on).values_list("pk", flat=True))
    strangers = [m for m in members if m.pk not in in_office]
    if strangers:
        raise RuleViolation(Rule.DISCLOSURE, _("%(names)s 不是本村在任的村务监督委员会成员") % {
            "names": "、".join(m.name for m in strangers)}, field="reviewers")
    disclosure.reviewers.set(members)
    disclosure.snapshot = snapshot(disclosure, reviewers=members, signed_on=on)
    disclosure.status, disclosure.signed_by, disclosure.signed_on = Disclosure.Status.SIGNED, by, on
    disclosure.save(update_fields=["snapshot", "status", "signed_by", "signed_on"])
    return disclosure


@transaction.atomic
def publish(*, disclosure: Disclosure, by, posted_on: date | None = None) -> Disclosure:
    """Post it on the notice board and the villagers' page; from now on it never changes."""
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.status != Disclosure.Status.SIGNED:
        raise RuleViolation(Rule.DISCLOSURE, _("财务公开须经村务监督委员会审核签字后才能公布") if
                            disclosure.status == Disclosure.Status.DRAFT else _("该财务公开已公布,不能修改"))
    _require(by, "publish", Disclosure, disclosure.village)
    disclosure.status, disclosure.published_by = Disclosure.Status.PUBLISHED, by
    disclosure.posted_on = posted_on or timezone.localdate()
    disclosure.save(update_fields=["status", "published_by", "posted_on"])
    return disclosure


@transaction.atomic
def choose_reviewers(*, disclosure: Disclosure, members, by) -> Disclosure:
    """Name, on a draft, the supervision committee members who are to review and sign it (sign_off then records
    their signature): only a draft changes — a signed or published one is corrected by a new one — and only
    members in office in the village."""
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if disclosure.status != Disclosure.Status.DRAFT:
        raise RuleViolation(Rule.DISCLOSURE, _("已签字或已公布的财务公开不能修改;如有错误,请编制更正公开"))
    _require(by, access.CHANGE, Disclosure, disclosure.village)
    members = list(members)
    in_office = set(active_members(disclosure.village, timezone.localdate()).values_list("pk", flat=True))
    strangers = [m for m in members if m.pk not in in_office]
    if strangers:
        raise RuleViolation(Rule.DISCLOSURE, _("%(names)s 不是本村在任的村务监督委员会成员") % {
            "names": "、".join(m.name for m in strangers)}, field="reviewers")
    disclosure.reviewers.set(members)
    return disclosure


@transaction.atomic
def correct(*, disclosure: Disclosure, by, reason: str) -> Disclosure:
    """A new draft of the same period (or project) naming the published disclosure it corrects."""
    if disclosure.kind == Disclosure.Kind.PROJECT:
        return draft_project(project=disclosure.project, by=by, corrects=disclosure, correction_reason=reason)
    return draft(village=disclosure.village, period=disclosure.period, year=disclosure.year,
                 number=disclosure.number, by=by, corrects=disclosure, correction_reason=reason)


def snapshot(disclosure: Disclosure, *, reviewers=(), signed_on: date | None = None) -> dict:
    """The figures of every declared section, as display texts, masked: what the sheet and the phone page show."""
    village = disclosure.village
    if disclosure.kind == Disclosure.Kind.PROJECT:
        since, until, period = None, timezone.localdate(), _("截至%(d)s") % {"d": timezone.localdate().isoformat()}
    else:
        since, until = period_bounds(disclosure.period, disclosure.year, disclosure.number)
        period = period_label(disclosure.period, disclosure.year, disclosure.number)
    sheet = SimpleNamespace(village=village, since=since, until=until, settings=settings_of(village),
                            project=disclosure.project)
    parts = []
    for section in sections.sections_for(disclosure.kind):
        body = section.build(sheet)
        if body:
            parts.append({"key": section.key, "title": f"{NUMERALS[len(parts)]}、{section.title}", **body})
    data = {
        "title": disclosure.title, "village": village.name, "township": village.township.name,
        "period": period, "since": since.isoformat() if since else "", "until": until.isoformat(),
        "sections": parts, "reviewers": [f"{m.get_post_display()} {m.name}" for m in reviewers],
        "signed_on": signed_on.isoformat() if signed_on else "",
        "corrects": disclosure.corrects.title if disclosure.corrects_id else "",
        "correction_reason": disclosure.correction_reason,
    }
    return masking.scrub_all(data)


def _require(by, action: str, model, village=None, *, county=None) -> None:
    """The door's check, in the operation: `by` may take `action` on `model`, on a village (or county) in scope."""
    if not access.allows(by, action, model):
        raise PermissionDenied(_("您无权进行此项操作"))
    if village is not None and not access.villages_of(by).filter(pk=village.pk).exists():
        raise PermissionDenied(_("该村不在您的管辖范围内"))
    if county is not None and not (by.is_superuser and not by.role) and getattr(by, "county_id", None) != county.pk:
        raise PermissionDenied(_("该县不在您的管辖范围内"))


@transaction.atomic
def save_committee_member(*, by, village, name: str, post: str, start: date, end: date | None = None,
                          member: CommitteeMember | None = None) -> CommitteeMember:
    """Record a supervision committee member or change one (both villages, old and new, in `by`'s scope)."""
    _require(by, access.CHANGE if member else access.ADD, CommitteeMember, village)
    if member is not None:
        member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        _require(by, access.CHANGE, CommitteeMember, member.village)
    else:
        member = CommitteeMember()
    if not name.strip():
        raise RuleViolation(Rule.DISCLOSURE, _("请填写姓名"), field="name")
    if end is not None and end < start:
        raise RuleViolation(Rule.DISCLOSURE, _("任期结束不能早于任期开始"), field="end")
    member.village, member.name, member.post, member.start, member.end = village, name.strip(), post, start, end
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def save_settings(*, by, village, monthly: bool, names_in_public: bool) -> DisclosureSettings:
    """The village's own disclosure rules (monthly or quarterly; loans and dividends by name or in total)."""
    existing = DisclosureSettings.objects.select_for_update().filter(village=village).first()
    _require(by, access.CHANGE if existing else access.ADD, DisclosureSettings, village)
    chosen = existing or DisclosureSettings(village=village)
    chosen.monthly, chosen.names_in_public = monthly, names_in_public
    chosen.save()
    return chosen


@transaction.atomic
def set_reply_deadline(*, by, county, days: int, effective_from: date,
                       deadline: ReplyDeadline | None = None) -> ReplyDeadline:
    """The county's reply deadline for villagers' questions from a date on; questions already asked keep theirs."""
    _require(by, access.CHANGE if deadline else access.ADD, ReplyDeadline, county=county)
    if not 1 <= days <= 90:
        raise RuleViolation(Rule.DISCLOSURE, _("答复期限应在1至90天之间"), field="days")
    row = ReplyDeadline.objects.select_for_update().get(pk=deadline.pk) if deadline else ReplyDeadline()
    if deadline is not None:
        _require(by, access.CHANGE, ReplyDeadline, county=row.county)
    clash = ReplyDeadline.objects.filter(county=county, effective_from=effective_from).exclude(pk=row.pk)
    if clash.exists():
        raise RuleViolation(Rule.DISCLOSURE, _("该县在这一天已有一条答复期限"), field="effective_from")
    row.county, row.days, row.effective_from = county, days, effective_from
    row.save()
    return row


QUESTION_MAX, NAME_MAX, REPLY_MAX = 500, 20, 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHONE = re.compile(r"\+?\d{7,15}")


def _plain(text: str, *, field: str, limit: int, required: bool) -> str:
    """A villager's or clerk's text as it will be published: no markup, no control characters, within `limit`."""
    text = _CONTROL.sub("", text or "").strip()
    if required and not text:
        raise RuleViolation(Rule.DISCLOSURE, _("请填写内容"), field=field)
    if len(text) > limit:
        raise RuleViolation(Rule.DISCLOSURE, _("内容过长,最多%(n)s字") % {"n": limit}, field=field)
    if strip_tags(text) != text or ("<" in text and ">" in text):
        raise RuleViolation(Rule.DISCLOSURE, _("请只填写文字,不要输入网页代码"), field=field)
    return text


@transaction.atomic
def ask(*, disclosure: Disclosure, text: str, name: str = "", phone: str = "", at=None) -> Question:
    """A villager's question or objection on a published disclosure (no login: the public page's rate limit
    guards the door). Its deadline is the county's reply deadline in force on the day it is asked."""
    disclosure = Disclosure.objects.select_related("village__township").get(pk=disclosure.pk)  # its status now
    if not disclosure.is_published:
        raise RuleViolation(Rule.DISCLOSURE, _("只能对已公开的财务公开提出质询"))
    text = _plain(text, field="text", limit=QUESTION_MAX, required=True)
    name = _plain(name, field="name", limit=NAME_MAX, required=False)
    phone = re.sub(r"[\s-]", "", phone or "")
    if phone and not _PHONE.fullmatch(phone):
        raise RuleViolation(Rule.DISCLOSURE, _("联系电话应为7至15位数字"), field="phone")
    at = at or timezone.now()
    asked_on = timezone.localdate(at)
    days = queries.reply_days(disclosure.village.township.county_id, asked_on)
    return Question.objects.create(disclosure=disclosure, text=text, name=name, phone=phone, asked_at=at,
                                   deadline=asked_on + timedelta(days=days))


@transaction.atomic
def reply(*, question: Question, text: str, by, at=None) -> Question:
    """The village's (or the township's) reply, published beside the question; given once, never changed."""
    question = Question.objects.select_for_update(of=("self",)).select_related("disclosure__village").get(
        pk=question.pk)  # the question's row only: the village and the disclosure are read, not locked
    _require(by, "reply", Question, question.disclosure.village)
    if question.answered:
        raise RuleViolation(Rule.DISCLOSURE, _("该质询已答复,答复公开后不能修改"))
    question.reply = _plain(text, field="reply", limit=REPLY_MAX, required=True)
    question.replied_at, question.replied_by = at or timezone.now(), by
    question.save(update_fields=["reply", "replied_at", "replied_by"])
    return question
