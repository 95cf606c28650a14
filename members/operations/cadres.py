"""Cadre terms and kinship: the records R4 judges by, kept by the township or the county.

A term is recorded, ended (离任: the last day in office and why) and, rarely, corrected. Ending keeps the past:
on every date before the end the cadre still was one, so a payment judged then stays judged by the same facts.
Correcting rewrites the past, so it is narrow: the officer who recorded the term may correct it within
`CORRECTION_DAYS` of recording (a typo noticed while the payrolls have hardly read it), and the county
administrator — someone other than the township that keeps the terms — at any time. Both give a reason, and the
history keeps the term as it was.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.roles import Role
from finance.operations import require_scope, require_township_or_county
from members.models import CadreTerm, Kinship, Person

CORRECTION_DAYS = 7


@transaction.atomic
def record_cadre_term(*, village, person: Person, post: str, start: date, by, end: date | None = None,
                      end_reason: str = "") -> CadreTerm:
    """Cadre terms are kept by the township or the county, not by the village whose cadres they are (R4)."""
    require_township_or_county(by, village, _("登记村组干部任期"))
    require_scope(by, person, _("登记村组干部任期"))
    term = CadreTerm(village=village, person=person, post=post, start=start, end=end, end_reason=end_reason)
    _check_term(term)
    return save_as(term, by)


@transaction.atomic
def end_cadre_term(*, term: CadreTerm, on: date, reason: str, by) -> CadreTerm:
    """离任: `on` is the last day in office. From the next day the term bars no one (R4)."""
    term = CadreTerm.objects.select_for_update(of=("self",)).select_related("person").get(pk=term.pk)
    require_township_or_county(by, term.village, _("办理村组干部离任"))
    today = timezone.localdate()
    if term.end is not None and term.end <= today:
        raise RuleViolation(Rule.MEMBERS, _("%(term)s 已于 %(end)s 离任,不能再次办理离任") % {
            "term": term, "end": term.end.isoformat()})
    if on < term.start:
        raise RuleViolation(Rule.MEMBERS, _("离任日期 %(on)s 早于任职开始日期 %(start)s") % {
            "on": on.isoformat(), "start": term.start.isoformat()}, field="on")
    if on > today:
        raise RuleViolation(Rule.MEMBERS, _("离任日期 %(on)s 晚于今天,请在离任后办理") % {"on": on.isoformat()},
                            field="on")
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(Rule.MEMBERS, _("请填写离任原因(如换届、辞职、免职)"), field="reason")
    term.end, term.end_reason = on, reason
    term._change_reason = _("离任:%(reason)s") % {"reason": reason}
    return save_as(term, by)


def with_recorder(terms):
    """Terms with who recorded them and when (`recorded_by_id`, `recorded_at`), read from their history in
    the same query: what `may_correct` judges by, for one term or a whole list."""
    first = CadreTerm.history.model.objects.filter(id=OuterRef("pk")).order_by("history_date", "history_id")
    return terms.annotate(recorded_by_id=Subquery(first.values("history_user_id")[:1]),
                          recorded_at=Subquery(first.values("history_date")[:1]))


def may_correct(user, term) -> bool:
    """The county administrator at any time; the officer who recorded the term within `CORRECTION_DAYS`.
    `term` comes from `with_recorder`; scope is checked apart."""
    if user.role == Role.COUNTY_ADMIN:
        return True
    return (user.role == Role.TOWNSHIP_OFFICER and term.recorded_by_id == user.pk and term.recorded_at is not None
            and timezone.now() - term.recorded_at <= timedelta(days=CORRECTION_DAYS))


@transaction.atomic
def correct_cadre_term(*, term: CadreTerm, person: Person, post: str, start: date, end: date | None,
                       reason: str, by) -> CadreTerm:
    """Put right a term recorded wrongly (wrong person, post or dates): see the module's note on who may."""
    term = with_recorder(CadreTerm.objects.select_for_update(of=("self",))).get(pk=term.pk)
    require_township_or_county(by, term.village, _("更正村组干部任期"))
    require_scope(by, person, _("更正村组干部任期"))
    if not may_correct(by, term):
        raise RuleViolation(Rule.MEMBERS, _(
            "只有登记人可在登记后 %(days)s 天内更正任期;此后请办理离任,或由县级管理员更正") % {"days": CORRECTION_DAYS})
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(Rule.MEMBERS, _("请填写更正原因"), field="reason")
    term.person, term.post, term.start, term.end = person, post, start, end
    _check_term(term)
    term._change_reason = _("更正:%(reason)s") % {"reason": reason}
    return save_as(term, by)


def _check_term(term: CadreTerm) -> None:
    """A term ends on or after its start, and one person holds one post once at a time."""
    if term.end is not None and term.end < term.start:
        raise RuleViolation(Rule.MEMBERS, _("任职结束日期 %(end)s 早于开始日期 %(start)s") % {
            "end": term.end.isoformat(), "start": term.start.isoformat()}, field="end")
    Person.objects.select_for_update().only("pk").get(pk=term.person_id)  # one clerk at a time per person
    overlap = Q(end__isnull=True) | Q(end__gte=term.start)
    if term.end is not None:
        overlap &= Q(start__lte=term.end)
    clash = (CadreTerm.objects.filter(overlap, person_id=term.person_id, post=term.post)
             .exclude(pk=term.pk).order_by("start").first())
    if clash is not None:
        raise RuleViolation(Rule.MEMBERS, _("%(person)s 已有任期 %(term)s 与此重叠,同一职务不能重复登记") % {
            "person": term.person.name, "term": clash}, field="start")


@transaction.atomic
def record_kinship(*, person: Person, relative: Person, relation: str, by) -> Kinship:
    if by.role not in (Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN, Role.CHAIRMAN):
        raise RuleViolation(Rule.R2, _("R2 权限:无权登记亲属关系"))
    require_scope(by, person, _("登记亲属关系"))
    return save_as(Kinship(person=person, relative=relative, relation=relation), by)
