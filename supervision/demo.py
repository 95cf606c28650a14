"""The demo's supervision: an inspection of each line with findings and their rectifications (one overdue, one
verified), and a handful of refusals met at the doors, logged as any refusal is. Runs once: nothing is added when an
inspection exists."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from coop.errors import DOMAIN_ERRORS, Rule, explain_text
from coop.models import User, Village
from coop.roles import Role
from supervision import operations as sup
from supervision.models import Inspection


def seed() -> None:
    if Inspection.objects.exists():
        return
    villages = list(Village.objects.filter(ledger__isnull=False).select_related("township").order_by("code")[:3])
    if not villages:
        return
    today = timezone.localdate()
    first = villages[0]
    officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=first.township).order_by("pk").first()
    auditor = User.objects.filter(role=Role.AUDITOR).order_by("pk").first()
    inspector = User.objects.filter(role=Role.INSPECTOR).order_by("pk").first()
    chair = User.objects.filter(role=Role.CHAIRMAN, village=first).order_by("pk").first()
    year_start = date(today.year, 1, 1)
    lines = [(officer, Inspection.Line.TOWNSHIP, "月度村账镇管日常检查", [first]),
             (inspector, Inspection.Line.DEPARTMENT, "农村饮水工程项目资金检查", villages),
             (auditor, Inspection.Line.AUDIT, "扶贫互助资金专项审计跟进", villages[:2])]
    findings = []
    for by, line, title, where in lines:
        if by is None:
            continue
        inspection = sup.record_inspection(line=line, title=title, on=today - timedelta(days=20), villages=where,
                                           period_from=year_start, period_to=today - timedelta(days=21), by=by)
        findings.append(sup.record_finding(
            inspection=inspection, village=first, by=by, rule=[Rule.R1, Rule.R5, Rule.R6][len(findings) % 3],
            amount=Decimal("1200.00") * (len(findings) + 1), description=f"{title}发现的问题:相关凭证手续不全",
            requirement="补齐手续并报镇财政所复核",
            deadline=today + timedelta(days=-5 if not findings else 15)))  # the first one overdue
    if chair is not None and officer is not None and len(findings) > 1:
        rect = findings[-1].rectification
        sup.mark_done(rectification=rect, on=today - timedelta(days=1), note="已补齐手续", by=chair)
        sup.verify(rectification=rect, by=officer)
    _refusals(findings, chair, inspector)


def _refusals(findings, chair, inspector) -> None:
    """Refusals met as a user would meet them, each shown through coop.errors and so logged."""
    attempts = []
    if findings and chair is not None:
        attempts.append(lambda: sup.verify(rectification=findings[0].rectification, by=chair))
    if inspector is not None and findings:
        attempts.append(lambda: sup.mark_done(rectification=findings[0].rectification, on=timezone.localdate(),
                                              note="检查员代为填报", by=inspector))
        far = Village.objects.exclude(township__county=inspector.county_id).first()
        if far is not None:
            attempts.append(lambda: sup.record_inspection(
                line=Inspection.Line.DEPARTMENT, title="越界检查", on=timezone.localdate(), villages=[far],
                period_from=date(2026, 1, 1), period_to=date(2026, 2, 1), by=inspector))
    for attempt in attempts:
        try:
            with transaction.atomic():
                attempt()
        except DOMAIN_ERRORS as exc:
            explain_text(exc)
