"""Supervision's one door (R8): record an inspection and its findings (with the rectification they require),
upload evidence, mark a rectification done, verify it. Rights and scope come from coop.access only."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import access
from coop.errors import Rule, RuleViolation
from coop.limits import require_number
from coop.models import User, Village
from coop.roles import Role
from finance.operations import judge_scan
from supervision.models import Evidence, Finding, Inspection, Rectification

# Which line of supervision each role records: the inspector its department's, the township its daily
# supervision, the auditors the follow-up.
LINE_OF_ROLE = {Role.INSPECTOR: Inspection.Line.DEPARTMENT, Role.TOWNSHIP_OFFICER: Inspection.Line.TOWNSHIP,
                Role.AUDITOR: Inspection.Line.AUDIT}


def _require(by, action, model, what):
    if not access.allows(by, action, model):
        raise RuleViolation(Rule.R8, _("R8 您无权%(what)s") % {"what": what})


def _require_in_scope(by, villages):
    ids = {v.pk for v in villages}
    seen = set(access.visible(by, Village.objects.filter(pk__in=ids)).values_list("pk", flat=True))
    if ids - seen:
        raise RuleViolation(Rule.R8, _("R8 所选的村不在您的管辖范围内"), field="villages")


@transaction.atomic
def record_inspection(*, line: str, title: str, on: date, villages, period_from: date, period_to: date,
                      by, scope: str = "") -> Inspection:
    """监督检查: by whoever records this line of supervision, over villages in their scope."""
    _require(by, access.ADD, Inspection, _("登记监督检查"))
    villages = list(villages)
    if not villages:
        raise RuleViolation(Rule.R8, _("R8 请选择被检查的村"), field="villages")
    _require_in_scope(by, villages)
    expected = LINE_OF_ROLE.get(by.role)
    if expected and line != expected:
        raise RuleViolation(Rule.R8, _("R8 您只能登记“%(line)s”") % {"line": expected.label}, field="line")
    if period_from > period_to:
        raise RuleViolation(Rule.R8, _("R8 检查期间的起始日期不能晚于结束日期"), field="period_from")
    if on > timezone.localdate():
        raise RuleViolation(Rule.R8, _("R8 检查日期不能晚于今天"), field="inspected_on")
    inspection = Inspection.objects.create(line=line, title=title.strip()[:100], inspected_on=on, inspector=by,
                                           period_from=period_from, period_to=period_to, scope=scope)
    inspection.villages.set(villages)
    return inspection


@transaction.atomic
def record_finding(*, inspection: Inspection, village: Village, rule: str, description: str, by,
                   amount: Decimal = Decimal("0"), requirement: str = "", deadline: date | None = None,
                   responsible=None) -> Finding:
    """A problem found by an inspection in one of its villages; with `deadline`, the rectification it requires,
    the responsible person being the village's chairman unless named."""
    _require(by, access.ADD, Finding, _("登记检查发现的问题"))
    _require_in_scope(by, [village])
    if not inspection.villages.filter(pk=village.pk).exists():
        raise RuleViolation(Rule.R8, _("R8 %(village)s 不在这次检查的范围内") % {"village": village}, field="village")
    if not (description or "").strip():
        raise RuleViolation(Rule.R8, _("R8 请填写问题描述"), field="description")
    amount = require_number(amount if amount not in (None, "") else Decimal("0"), _("涉及金额"), rule=Rule.R8,
                            field="amount")
    if amount < 0:
        raise RuleViolation(Rule.R8, _("R8 涉及金额不能为负数"), field="amount")
    finding = Finding.objects.create(inspection=inspection, village=village, rule=rule, amount=amount,
                                     description=description.strip(), recorded_by=by)
    if deadline is not None:
        responsible = responsible or User.objects.filter(role=Role.CHAIRMAN, village=village, is_active=True).first()
        if responsible is None:
            raise RuleViolation(Rule.R8, _("R8 %(village)s 没有在用的理事长账号,请指定整改责任人") % {
                "village": village}, field="responsible")
        Rectification.objects.create(finding=finding, requirement=requirement.strip() or description.strip(),
                                     deadline=deadline, responsible=responsible)
    return finding


@transaction.atomic
def upload_evidence(*, finding: Finding, upload, by, stage: str = Evidence.Stage.FINDING) -> Evidence:
    """Evidence of a finding, or of its rectification: judged by its content (PDF, JPEG, PNG only, Rule.UPLOAD),
    stored under a generated name."""
    _require(by, access.ADD, Evidence, _("上传证据材料"))
    _require_in_scope(by, [finding.village])
    if stage == Evidence.Stage.RECTIFICATION and not access.allows(by, "rectify", Rectification) \
            and not access.allows(by, "verify", Rectification):
        raise RuleViolation(Rule.R8, _("R8 您无权上传整改佐证材料"))
    judged = judge_scan(upload)
    evidence = Evidence(finding=finding, stage=stage, extension=judged.extension, content_type=judged.content_type,
                        original_name=judged.original_name, uploaded_by=by)
    evidence.file.save(f"evidence.{judged.extension}", ContentFile(judged.data), save=False)
    evidence.save()
    return evidence


def _lock(rectification) -> Rectification:
    return Rectification.objects.select_for_update(of=("self",)).select_related("finding__village").get(
        pk=rectification.pk)


@transaction.atomic
def mark_done(*, rectification: Rectification, on: date, note: str, by) -> Rectification:
    """整改完成: the village says what it did; verification is someone else's."""
    _require(by, "rectify", Rectification, _("填报整改情况"))
    rectification = _lock(rectification)
    _require_in_scope(by, [rectification.finding.village])
    if rectification.verified_by_id:
        raise RuleViolation(Rule.R8, _("R8 整改已验收,不能再修改"))
    if not (note or "").strip():
        raise RuleViolation(Rule.R8, _("R8 请填写整改情况"), field="done_note")
    rectification.done_on, rectification.done_note = on, note.strip()
    rectification.save()
    return rectification


@transaction.atomic
def verify(*, rectification: Rectification, by) -> Rectification:
    """整改验收: by the township or the auditors, never by the person responsible (four eyes)."""
    _require(by, "verify", Rectification, _("验收整改"))
    rectification = _lock(rectification)
    _require_in_scope(by, [rectification.finding.village])
    if rectification.done_on is None:
        raise RuleViolation(Rule.R8, _("R8 整改尚未完成,不能验收"))
    if rectification.verified_by_id:
        raise RuleViolation(Rule.R8, _("R8 整改已经验收"))
    if rectification.responsible_id == by.pk:
        raise RuleViolation(Rule.R2, _("R2 四眼原则:整改责任人不能验收自己的整改"))
    rectification.verified_by, rectification.verified_at = by, timezone.now()
    rectification.save()
    return rectification
