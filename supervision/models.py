"""Supervision (R8) and the attempted-breach log.

* `Attempt`: a refused action, whatever the door, written in its own transaction (supervision.breaches) so the
  refusal's rollback does not erase it. Its foreign keys carry no database constraint: the row must be writable on
  its own connection while the refused transaction still holds uncommitted rows, and it outlives whatever it names.
* `Inspection` → `Finding` → `Rectification`: the three lines of supervision — the township's daily supervision,
  the departments' inspections, discipline and audit follow-up — with their findings and rectification deadlines.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.errors import Rule
from coop.models import Village, money_field


class Door(models.TextChoices):
    ADMIN_FORM = "admin_form", _("管理后台表单")
    ADMIN_ACTION = "admin_action", _("管理后台批量操作")
    IMPORT = "import", _("Excel 导入")
    COMMAND = "command", _("管理命令")
    PAGE = "page", _("业务页面")
    OPERATION = "operation", _("程序调用")


class Attempt(models.Model):
    """一次被拒绝的操作 (attempted breach): who, when, through which door, on what, which rule, the message shown."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.DO_NOTHING, null=True, blank=True, db_constraint=False,
                             related_name="+", verbose_name=_("操作人"))
    username = models.CharField(_("登录名"), max_length=150, blank=True)
    door = models.CharField(_("入口"), max_length=14, choices=Door)
    where = models.CharField(_("位置"), max_length=200, blank=True, help_text=_("网址或命令名"))
    object_label = models.CharField(_("对象"), max_length=200, blank=True)
    village = models.ForeignKey(Village, models.DO_NOTHING, null=True, blank=True, db_constraint=False,
                                related_name="+", verbose_name=_("村"))
    rule = models.CharField(_("规则"), max_length=10, choices=Rule, blank=True, db_index=True)
    message = models.TextField(_("提示信息"))

    class Meta:
        verbose_name = _("违规操作尝试")
        verbose_name_plural = _("违规操作尝试记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["village", "-at"]), models.Index(fields=["rule", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.rule}"

    @classmethod
    def scope_q_for(cls, user, villages):
        """A village's attempts in its scope; attempts tied to no village only for county-wide readers of the county
        the attempting user belongs to (one with no user or no county is read by an unscoped superuser alone)."""
        from coop.roles import Role

        county = user.home_county_id
        if user.role in Role.county_wide() and county:
            anywhere = Q(village__isnull=True) & (Q(user__county=county) | Q(user__township__county=county)
                                                  | Q(user__village__township__county=county))
        else:
            anywhere = Q(pk__in=[])
        return Q(village__in=villages.values("pk")) | anywhere


class Inspection(models.Model):
    """监督检查: one visit or review by one of the three lines, over some villages and a period."""

    class Line(models.TextChoices):
        TOWNSHIP = "township", _("镇级日常监督")
        DEPARTMENT = "department", _("行业部门检查")
        AUDIT = "audit", _("纪检审计跟进")

    line = models.CharField(_("监督线"), max_length=10, choices=Line)
    title = models.CharField(_("检查名称"), max_length=100)
    inspected_on = models.DateField(_("检查日期"))
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("检查人"))
    villages = models.ManyToManyField(Village, related_name="inspections", verbose_name=_("被检查村"))
    period_from = models.DateField(_("检查期间自"))
    period_to = models.DateField(_("检查期间至"))
    scope = models.TextField(_("检查范围"), blank=True)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("监督检查")
        verbose_name_plural = _("监督检查")
        ordering = ["-inspected_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(period_from__lte=models.F("period_to")),
                                              name="inspection_period_in_order")]

    def __str__(self):
        return f"{self.inspected_on} {self.title}"

    @classmethod
    def scope_q_for(cls, user, villages):
        """In scope when one of its villages is."""
        return Q(pk__in=cls.villages.through.objects.filter(village__in=villages.values("pk"))
                 .values("inspection_id"))


class Finding(models.Model):
    """检查发现的问题: the rule broken, in which village, the amount concerned, what was found, its evidence."""

    scope_village = "village"

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="findings", verbose_name=_("监督检查"))
    village = models.ForeignKey(Village, models.PROTECT, related_name="findings", verbose_name=_("村"))
    rule = models.CharField(_("违反的规则"), max_length=10, choices=Rule)
    amount = money_field(_("涉及金额(元)"), default=0)
    description = models.TextField(_("问题描述"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("检查发现的问题")
        verbose_name_plural = _("检查发现的问题")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.village} {self.get_rule_display()}"


class Rectification(models.Model):
    """整改: what must be put right by when, by whom; done (with evidence) by the village, verified by the township
    or the auditors — never by the person responsible (four eyes)."""

    scope_village = "finding__village"

    finding = models.OneToOneField(Finding, models.PROTECT, related_name="rectification", verbose_name=_("问题"))
    requirement = models.TextField(_("整改要求"))
    deadline = models.DateField(_("整改期限"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("整改责任人"))
    done_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    done_note = models.TextField(_("整改情况"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("验收人"))
    verified_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = _("整改")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(verified_by__isnull=True) | Q(done_on__isnull=False),
                                   name="rectification_verified_after_done"),
            models.CheckConstraint(condition=Q(verified_by__isnull=True) | ~Q(verified_by=models.F("responsible")),
                                   name="rectification_verifier_is_not_responsible"),
        ]

    def __str__(self):
        return _("%(finding)s 的整改") % {"finding": self.finding}

    @classmethod
    def open_q(cls) -> Q:
        return Q(verified_by__isnull=True)

    @classmethod
    def overdue_q(cls, today) -> Q:
        return Q(done_on__isnull=True, deadline__lt=today)


def evidence_path(instance, filename):
    """A generated name with the extension the content proved: the uploader's name never reaches a path."""
    return f"supervision/{instance.finding_id}/{uuid.uuid4().hex}.{instance.extension}"


class Evidence(models.Model):
    """证据或整改佐证材料: an upload judged by its content (finance.operations.judge_scan), kept under a generated
    name and served only as an attachment of the type its content proved."""

    scope_village = "finding__village"

    class Stage(models.TextChoices):
        FINDING = "finding", _("问题证据")
        RECTIFICATION = "rectification", _("整改佐证")

    finding = models.ForeignKey(Finding, models.PROTECT, related_name="evidence", verbose_name=_("问题"))
    stage = models.CharField(_("类别"), max_length=14, choices=Stage)
    file = models.FileField(_("文件"), upload_to=evidence_path)
    extension = models.CharField(_("扩展名"), max_length=8)
    content_type = models.CharField(_("文件类型"), max_length=40)
    original_name = models.CharField(_("原文件名"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改佐证材料")
        verbose_name_plural = _("整改佐证材料")
        ordering = ["finding", "pk"]

    def __str__(self):
        return self.original_name or self.file.name.rsplit("/", 1)[-1]
