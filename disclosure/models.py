"""财务公开: the village's disclosure sheets (periodic and per project), its supervision committee, its choices.

A disclosure is drafted, signed off by the supervision committee (村务监督委员会) — its figures frozen then as a JSON
snapshot — and published; a published disclosure is never changed (PostgreSQL refuses the UPDATE too) and a mistake
is corrected by a new disclosure that names the one it corrects."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import masking
from coop.limits import YEAR_VALIDATORS
from coop.models import Village


class DisclosureSettings(models.Model):
    """The village's own rules for its disclosures (村务公开制度)."""

    scope_village = "village"

    village = models.OneToOneField(Village, models.PROTECT, related_name="disclosure_settings",
                                   verbose_name=_("村"))
    monthly = models.BooleanField(_("按月公开"), default=False,
                                  help_text=_("村自愿或收支笔数较多时按月公开;否则至少按季公开"))
    names_in_public = models.BooleanField(
        _("借款和分红公开到人"), default=False,
        help_text=_("村务公开制度规定公开个人借款和分红明细时勾选;否则只公开合计"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("财务公开设置")
        verbose_name_plural = _("财务公开设置")

    def __str__(self):
        return f"{self.village} {self._meta.verbose_name}"


class CommitteeMember(models.Model):
    """村务监督委员会成员: who may sign a disclosure off, during their term."""

    scope_village = "village"

    class Post(models.TextChoices):
        CHAIR = "chair", _("主任")
        MEMBER = "member", _("委员")

    village = models.ForeignKey(Village, models.PROTECT, related_name="committee_members", verbose_name=_("村"))
    name = models.CharField(_("姓名"), max_length=30)
    post = models.CharField(_("职务"), max_length=10, choices=Post, default=Post.MEMBER)
    start = models.DateField(_("任期开始"))
    end = models.DateField(_("任期结束"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("村务监督委员会成员")
        verbose_name_plural = _("村务监督委员会成员")
        ordering = ["village", "post", "name"]
        constraints = [models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                              name="committee_term_ends_after_start")]

    def __str__(self):
        return f"{self.village} {self.get_post_display()} {self.name}"


class Disclosure(models.Model):
    """One disclosure sheet: a village's period (month, quarter, year) or one project."""

    scope_village = "village"

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("财务收支公开")
        PROJECT = "project", _("项目专项公开")

    class Period(models.TextChoices):
        MONTH = "month", _("月度")
        QUARTER = "quarter", _("季度")
        YEAR = "year", _("年度")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SIGNED = "signed", _("监委会已审核签字")
        PUBLISHED = "published", _("已公开")

    village = models.ForeignKey(Village, models.PROTECT, related_name="disclosures", verbose_name=_("村"))
    kind = models.CharField(_("公开类型"), max_length=10, choices=Kind, default=Kind.PERIODIC)
    period = models.CharField(_("公开周期"), max_length=10, choices=Period, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    number = models.PositiveSmallIntegerField(_("月份或季度"), default=0, help_text=_("年度公开填0"))
    project = models.ForeignKey("projects.Project", models.PROTECT, null=True, blank=True,
                                related_name="disclosures", verbose_name=_("项目"))
    title = models.CharField(_("标题"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.DRAFT)
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections",
                                 verbose_name=_("更正的公开"))
    correction_reason = models.CharField(_("更正原因"), max_length=200, blank=True)
    reviewers = models.ManyToManyField(CommitteeMember, blank=True, related_name="disclosures",
                                       verbose_name=_("审核签字的监委会成员"))
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("编制人"))
    prepared_at = models.DateTimeField(_("编制时间"), auto_now_add=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("签字登记人"))
    signed_on = models.DateField(_("审核签字日期"), null=True, blank=True)
    snapshot = models.JSONField(_("公开内容(签字时冻结)"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("公布人"))
    posted_on = models.DateField(_("张贴日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("财务公开")
        verbose_name_plural = _("财务公开")
        ordering = ["village", "-year", "-number", "-pk"]
        constraints = [
            # one sheet a period (a correction is a new sheet naming the one it corrects)
            models.UniqueConstraint(fields=["village", "period", "year", "number"],
                                    condition=Q(kind="periodic", corrects__isnull=True),
                                    name="one_periodic_disclosure_a_period"),
            models.CheckConstraint(
                condition=(Q(kind="periodic", project__isnull=True) & ~Q(period=""))
                | Q(kind="project", project__isnull=False, period=""),
                name="disclosure_period_or_project"),
            models.CheckConstraint(
                condition=Q(period="year", number=0) | Q(period="quarter", number__gte=1, number__lte=4)
                | Q(period="month", number__gte=1, number__lte=12) | Q(period=""),
                name="disclosure_number_fits_period"),
            models.CheckConstraint(condition=Q(status="draft") | Q(snapshot__isnull=False, signed_on__isnull=False),
                                   name="signed_disclosure_has_snapshot"),
            models.CheckConstraint(condition=~Q(status="published") | Q(posted_on__isnull=False),
                                   name="published_disclosure_has_date"),
            models.CheckConstraint(condition=Q(signed_by__isnull=True) | ~Q(signed_by=models.F("prepared_by")),
                                   name="disclosure_signed_by_another"),
        ]
        triggers = [
            pgtrigger.Protect(name="published_disclosure_immutable", operation=pgtrigger.Update | pgtrigger.Delete,
                              condition=pgtrigger.Q(old__status="published")),
            pgtrigger.Protect(name="signed_snapshot_frozen", operation=pgtrigger.Update,
                              condition=pgtrigger.Q(old__status="signed",
                                                    new__snapshot__df=pgtrigger.F("old__snapshot"))),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReplyDeadline(models.Model):
    """质询答复期限: how many days a village has to answer a villager's question, as the county's rules set it, in
    force from a date (like the charter's terms): a question keeps the deadline of the day it was asked."""

    scope_county = "county"

    county = models.ForeignKey("coop.County", models.PROTECT, related_name="reply_deadlines", verbose_name=_("县"))
    days = models.PositiveSmallIntegerField(_("答复期限(天)"), default=10,
                                            help_text=_("村务公开制度规定的答复期限,各省多为10日"))
    effective_from = models.DateField(_("生效日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("质询答复期限")
        verbose_name_plural = _("质询答复期限")
        ordering = ["county", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["county", "effective_from"], name="reply_deadline_once_a_day"),
            models.CheckConstraint(condition=Q(days__gte=1, days__lte=90), name="reply_deadline_days_sensible"),
        ]

    def __str__(self):
        return _("%(county)s 自%(d)s起 %(n)s 天") % {"county": self.county, "d": self.effective_from,
                                                     "n": self.days}


class Question(models.Model):
    """A villager's question or objection (质询) left on the public page of a published disclosure. The phone
    number is for the village to call back and is never shown on any public page; the reply is published beside
    the question and, once given, never changed."""

    scope_village = "disclosure__village"

    disclosure = models.ForeignKey(Disclosure, models.PROTECT, related_name="questions", verbose_name=_("财务公开"))
    name = models.CharField(_("姓名"), max_length=20, blank=True, help_text=_("可不填"))
    phone = models.CharField(_("联系电话(不公开)"), max_length=20, blank=True)
    text = models.TextField(_("质询内容"), max_length=500)
    asked_at = models.DateTimeField(_("提出时间"))
    deadline = models.DateField(_("答复期限"))
    reply = models.TextField(_("答复"), max_length=1000, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("答复人"))
    history = HistoricalRecords(excluded_fields=["phone"])

    class Meta:
        verbose_name = _("村民质询")
        verbose_name_plural = _("村民质询")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["deadline"], condition=Q(replied_at__isnull=True),
                                name="question_unanswered_deadline")]
        constraints = [
            models.CheckConstraint(condition=Q(replied_at__isnull=True, reply="")
                                   | (Q(replied_at__isnull=False, replied_by__isnull=False) & ~Q(reply="")),
                                   name="question_reply_complete"),
        ]
        triggers = [
            pgtrigger.Protect(name="question_reply_final", operation=pgtrigger.Update,
                              condition=pgtrigger.Q(old__replied_at__isnull=False)),
            pgtrigger.Protect(name="question_kept", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.disclosure} · {self.text[:20]}"

    @property
    def answered(self) -> bool:
        return self.replied_at is not None

    @property
    def public_text(self) -> str:
        """The question as published: a number a villager typed (their ID, a phone, an account) masked."""
        return masking.scrub(self.text)

    @property
    def public_name(self) -> str:
        return masking.scrub(self.name)

    @property
    def public_reply(self) -> str:
        return masking.scrub(self.reply)
