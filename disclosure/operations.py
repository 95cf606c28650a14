"""The one door for disclosures: draft, sign off (freezing the snapshot), publish, correct.

Each runs in one transaction and refuses with RuleViolation(Rule.DISCLOSURE, …). The snapshot is taken at sign-off
from the declared sections (disclosure.sections), masked (disclosure.masking.scrub_all), and never recomputed: the
sheet, its PDF and the villagers' phone page all read it."""

from datetime import date
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from disclosure import masking, sections
from disclosure.models import CommitteeMember, Disclosure, DisclosureSettings
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
    number = 0 if period == Disclosure.Period.YEAR else number
    limit = 12 if period == Disclosure.Period.MONTH else 4
    if period != Disclosure.Period.YEAR and not 1 <= number <= limit:
        raise RuleViolation(Rule.DISCLOSURE, _("月份或季度不正确"), field="number")
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
    disclosure.status, disclosure.published_by = Disclosure.Status.PUBLISHED, by
    disclosure.posted_on = posted_on or timezone.localdate()
    disclosure.save(update_fields=["status", "published_by", "posted_on"])
    return disclosure


def change(*, disclosure: Disclosure, **fields) -> Disclosure:
    """Any edit of a disclosure's own fields: only a draft changes; a published one is corrected by a new one."""
    if disclosure.status != Disclosure.Status.DRAFT:
        raise RuleViolation(Rule.DISCLOSURE, _("已签字或已公布的财务公开不能修改;如有错误,请编制更正公开"))
    for name, value in fields.items():
        setattr(disclosure, name, value)
    disclosure.save()
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
