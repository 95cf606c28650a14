"""The steps before any work: 申报, 批复, 委托代建协议, 比选 (quotes and evaluators' statements), 施工合同.

Each is one row per project (a competition's quotes and statements are its own rows), dated and signed by the login
that recorded it; the operations create them in order and move the project's status."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.models import money_field
from projects.models.project import Project


class Step(models.Model):
    """What every step carries: its project, its date and who recorded it when."""

    scope_village = "project__cooperative__village"

    on = models.DateField(_("日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("经办人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        abstract = True


class Application(Step):
    """申报: the cooperative asks the commissioning body to entrust the work to it."""

    project = models.OneToOneField(Project, models.PROTECT, related_name="application", verbose_name=_("项目"))
    statement = models.TextField(_("申报理由与建设内容"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")

    def __str__(self):
        return f"{self.project} 申报"


class Approval(Step):
    """批复: the commissioning body's decision, recorded by the township officer or the county admin on its behalf."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("同意")
        REJECTED = "rejected", _("不同意")

    project = models.OneToOneField(Project, models.PROTECT, related_name="approval", verbose_name=_("项目"))
    decision = models.CharField(_("批复意见"), max_length=10, choices=Decision)
    decided_by = models.CharField(_("委托方批复人"), max_length=30)
    document_number = models.CharField(_("批复文号"), max_length=50, blank=True)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目批复")
        verbose_name_plural = _("项目批复")
        constraints = [
            models.CheckConstraint(condition=Q(decision="approved") | ~Q(reason=""),
                                   name="project_rejection_has_reason",
                                   violation_error_message=_("不同意的批复必须写明理由")),
        ]

    def __str__(self):
        return f"{self.project} 批复:{self.get_decision_display()}"


def entrustment_scan_path(instance, filename):
    """A generated name with the extension of the scan's real type: the uploader's name never reaches a path."""
    from projects.scans import extension_of

    return f"projects/{instance.project_id}/{uuid.uuid4().hex}.{extension_of(instance.content_type)}"


class Entrustment(Step):
    """委托代建协议: the agreement the commissioning body and the cooperative signed, with its uploaded scan (judged
    by content, stored under a generated name, served as an attachment — as finance's voucher scans)."""

    project = models.OneToOneField(Project, models.PROTECT, related_name="entrustment", verbose_name=_("项目"))
    body_signatory = models.CharField(_("委托方签字人"), max_length=30)
    cooperative_signatory = models.CharField(_("合作社签字人"), max_length=30)
    amount = money_field(_("委托金额(元)"))
    file = models.FileField(_("协议扫描件"), upload_to=entrustment_scan_path)
    original_name = models.CharField(_("原文件名"), max_length=100, blank=True, default="")
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小(字节)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("委托代建协议")
        verbose_name_plural = _("委托代建协议")

    def __str__(self):
        return f"{self.project} 委托代建协议"


class Competition(Step):
    """比选: the quotes received (at least the minimum in force, kept here as it was), the one selected and why."""

    project = models.OneToOneField(Project, models.PROTECT, related_name="competition", verbose_name=_("项目"))
    method = models.CharField(_("比选方式"), max_length=30, default="询价比选")
    min_quotes = models.PositiveSmallIntegerField(_("最少报价数"), validators=[MinValueValidator(1)],
                                                  help_text=_("比选时适用的最少报价家数"))
    selection_reason = models.CharField(_("选定理由"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("比选")
        verbose_name_plural = _("比选")

    def __str__(self):
        return f"{self.project} 比选"

    @property
    def selected(self):
        return next((q for q in self.quotes.all() if q.selected), None)


class Quote(models.Model):
    """One bidder's price in a competition; exactly one is selected."""

    scope_village = "competition__project__cooperative__village"

    competition = models.ForeignKey(Competition, models.PROTECT, related_name="quotes", verbose_name=_("比选"))
    bidder = models.CharField(_("报价单位(施工队)"), max_length=100)
    leader = models.CharField(_("负责人"), max_length=30, blank=True)
    price = money_field(_("报价(元)"))
    selected = models.BooleanField(_("中选"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("比选报价")
        verbose_name_plural = _("比选报价")
        ordering = ["competition", "price", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition"], condition=Q(selected=True),
                                    name="one_selected_quote_per_competition",
                                    violation_error_message=_("一次比选只能选定一家")),
            models.CheckConstraint(condition=Q(price__gt=0), name="quote_price_positive"),
        ]

    def __str__(self):
        return f"{self.bidder} {self.price}"


class EvaluatorStatement(models.Model):
    """利益冲突声明: each evaluator of a competition declares whether they are related to any bidder."""

    scope_village = "competition__project__cooperative__village"

    competition = models.ForeignKey(Competition, models.PROTECT, related_name="statements", verbose_name=_("比选"))
    evaluator = models.CharField(_("评选人"), max_length=30)
    position = models.CharField(_("身份"), max_length=50, blank=True)
    no_conflict = models.BooleanField(_("声明与报价单位无利害关系"))
    statement = models.CharField(_("声明内容"), max_length=300, blank=True)
    signed_on = models.DateField(_("签署日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("利益冲突声明")
        verbose_name_plural = _("利益冲突声明")
        ordering = ["competition", "pk"]

    def __str__(self):
        return self.evaluator


class Contract(Step):
    """施工合同 with the cooperative's construction team selected in the competition."""

    project = models.OneToOneField(Project, models.PROTECT, related_name="contract", verbose_name=_("项目"))
    quote = models.OneToOneField(Quote, models.PROTECT, related_name="contract", verbose_name=_("中选报价"))
    team = models.CharField(_("施工队"), max_length=100)
    team_leader = models.CharField(_("施工队负责人"), max_length=30)
    amount = money_field(_("合同金额(元)"))
    starts_on = models.DateField(_("开工日期"))
    ends_on = models.DateField(_("竣工日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("施工合同")
        verbose_name_plural = _("施工合同")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contract_amount_positive"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="contract_ends_after_start",
                                   violation_error_message=_("竣工日期不能早于开工日期")),
        ]

    def __str__(self):
        return f"{self.project} 施工合同"
