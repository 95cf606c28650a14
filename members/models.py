"""Households, persons and the cooperative's members; share capital as a ledger of events; cadres and kin.

Nothing here keeps a running balance: a member's shares are the sum of their approved share transactions,
and every approved transaction has posted its voucher in the village ledger (finance.operations.post_entry).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.models import Cooperative, Village, money_field
from members import identity


class Household(models.Model):
    """户: the unit the poverty register and the share register count."""

    scope_village = "village"

    village = models.ForeignKey(Village, models.PROTECT, related_name="households", verbose_name=_("村"))
    number = models.CharField(_("户编号"), max_length=20)
    group = models.CharField(_("村民小组"), max_length=20, blank=True)
    address = models.CharField(_("住址"), max_length=100, blank=True)
    is_registered_poor = models.BooleanField(_("建档立卡贫困户"), default=False)
    poverty_exit_year = models.PositiveSmallIntegerField(_("脱贫年度"), null=True, blank=True,
                                                         validators=[identity.validate_exit_year])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("农户")
        verbose_name_plural = _("农户")
        ordering = ["village", "number"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="household_number_unique_in_village"),
            models.CheckConstraint(condition=Q(poverty_exit_year__isnull=True) | Q(is_registered_poor=True),
                                   name="exit_year_only_for_registered_poor",
                                   violation_error_message=_("只有建档立卡贫困户才有脱贫年度")),
        ]

    def __str__(self):
        head = self.head
        return f"{self.number} {head.name}户" if head else self.number

    @property
    def head(self) -> "Person | None":
        """户主, read from `persons.all()` so that a prefetched list costs no query."""
        return next((p for p in self.persons.all() if p.relation == Person.Relation.HEAD), None)


class Person(models.Model):
    scope_village = "household__village"

    class Relation(models.TextChoices):
        HEAD = "head", _("户主")
        SPOUSE = "spouse", _("配偶")
        CHILD = "child", _("子女")
        PARENT = "parent", _("父母")
        GRANDCHILD = "grandchild", _("孙子女")
        GRANDPARENT = "grandparent", _("祖父母")
        OTHER = "other", _("其他")

    household = models.ForeignKey(Household, models.PROTECT, related_name="persons", verbose_name=_("户"))
    name = models.CharField(_("姓名"), max_length=30)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True,
                                 validators=[identity.validate_id_number])
    relation = models.CharField(_("与户主关系"), max_length=12, choices=Relation, default=Relation.HEAD)
    phone = models.CharField(_("手机号"), max_length=11, blank=True, validators=[identity.validate_phone])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["household", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(relation="head"), name="one_head_per_household",
                                    violation_error_message=_("一户只能有一位户主")),
        ]

    def __str__(self):
        return self.name

    @property
    def birth_date(self):
        return identity.birth_date(self.id_number)

    @property
    def sex(self) -> str:
        return identity.sex(self.id_number)

    @property
    def masked_id(self) -> str:
        return identity.masked(self.id_number)


class Member(models.Model):
    """社员. A household (poor or capable) or an agribusiness enterprise; numbered per cooperative."""

    scope_village = "cooperative__village"

    class Kind(models.TextChoices):
        POOR_HOUSEHOLD = "poor_household", _("贫困户")
        CAPABLE_HOUSEHOLD = "capable_household", _("能人大户")
        AGRIBUSINESS = "agribusiness", _("涉农企业")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在社")
        WITHDRAWN = "withdrawn", _("已退社")

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="members", verbose_name=_("合作社"))
    number = models.PositiveIntegerField(_("社员编号"))
    kind = models.CharField(_("社员类型"), max_length=20, choices=Kind)
    household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True, related_name="memberships",
                                  verbose_name=_("农户"))
    enterprise_name = models.CharField(_("企业名称"), max_length=100, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True,
                                   validators=[identity.validate_enterprise_credit_code])
    joined_on = models.DateField(_("入社日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.ACTIVE)
    left_on = models.DateField(_("退社日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社员")
        verbose_name_plural = _("社员")
        ordering = ["cooperative", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="member_number_unique_in_coop"),
            models.UniqueConstraint(fields=["cooperative", "household"], condition=Q(household__isnull=False),
                                    name="household_joins_once", violation_error_message=_("该户已是本社社员")),
            models.UniqueConstraint(fields=["cooperative", "credit_code"], condition=~Q(credit_code=""),
                                    name="enterprise_joins_once", violation_error_message=_("该企业已是本社社员")),
            models.CheckConstraint(
                condition=(Q(kind="agribusiness", household__isnull=True) & ~Q(credit_code="") & ~Q(enterprise_name=""))
                | (~Q(kind="agribusiness") & Q(household__isnull=False, credit_code="")),
                name="member_is_a_household_or_an_enterprise",
                violation_error_message=_("农户社员须选择农户;涉农企业社员须填写企业名称和统一社会信用代码")),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                                   name="member_leaves_after_joining"),
        ]

    def __str__(self):
        return f"{self.number:04d} {self.display_name}"

    @property
    def head(self) -> "Person | None":
        return self.household.head if self.household_id else None

    @property
    def display_name(self) -> str:
        if self.enterprise_name:
            return self.enterprise_name
        return str(self.household) if self.household_id else ""


class ShareTransaction(approvals.Approvable):
    """One movement of share capital (入股 / 退股 / 转让), numbered per cooperative. Recorded by the village,
    approved by the township (R2, coop.approvals); approval posts its voucher in the same transaction."""

    scope_village = "cooperative__village"
    approval_rule = Rule.MEMBERS

    class Kind(models.TextChoices):
        OPENING = "opening", _("期初结转")  # holdings carried over from paper books when the ledger opens
        PAY_IN = "pay_in", _("入股")
        WITHDRAW = "withdraw", _("退股")
        TRANSFER = "transfer", _("转让")

    Status = approvals.Status

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="share_transactions",
                                    verbose_name=_("合作社"))
    number = models.PositiveIntegerField(_("流水号"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind)
    member = models.ForeignKey(Member, models.PROTECT, related_name="share_transactions",
                               verbose_name=_("社员(入股、退股或转出方)"))
    to_member = models.ForeignKey(Member, models.PROTECT, null=True, blank=True, related_name="transfers_in",
                                  verbose_name=_("受让社员"))
    shares = models.PositiveIntegerField(_("股数"), validators=[MinValueValidator(1)])
    amount = money_field(_("金额"))
    on = models.DateField(_("日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("股金变动")
        verbose_name_plural = _("股金变动")
        ordering = ["cooperative", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "number"], name="share_tx_number_unique_in_coop"),
            models.CheckConstraint(condition=Q(shares__gte=1) & Q(amount__gt=0), name="share_tx_positive"),
            models.CheckConstraint(
                condition=(Q(kind="transfer", to_member__isnull=False) & ~Q(to_member=F("member")))
                | (~Q(kind="transfer") & Q(to_member__isnull=True)),
                name="transfer_has_another_receiver"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(voucher__isnull=False, approved_by__isnull=False)
                | Q(kind="opening", voucher__isnull=True),
                name="approved_share_tx_has_voucher"),
            *approvals.approval_constraints("share_tx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number:05d} {self.member.display_name} {self.shares}股"


class CadreTerm(models.Model):
    """A term of office of a village or villager-group cadre (村组干部). `end` empty: still in office; `end` is
    the last day in office, and `end_reason` says why the term ended (换届, 辞职, 免职 …)."""

    scope_village = "village"

    class Post(models.TextChoices):
        PARTY_SECRETARY = "party_secretary", _("村党组织书记")
        BRANCH_MEMBER = "branch_member", _("村党支部委员")
        COMMITTEE_DIRECTOR = "committee_director", _("村委会主任")
        COMMITTEE_MEMBER = "committee_member", _("村委会委员")
        GROUP_LEADER = "group_leader", _("村民小组长")

    VILLAGE_POSTS = (Post.PARTY_SECRETARY, Post.BRANCH_MEMBER, Post.COMMITTEE_DIRECTOR, Post.COMMITTEE_MEMBER)

    village = models.ForeignKey(Village, models.PROTECT, related_name="cadre_terms", verbose_name=_("村"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="cadre_terms", verbose_name=_("人员"))
    post = models.CharField(_("职务"), max_length=20, choices=Post)
    start = models.DateField(_("任职开始"))
    end = models.DateField(_("任职结束"), null=True, blank=True)
    end_reason = models.CharField(_("离任原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("村组干部任期")
        verbose_name_plural = _("村组干部任期")
        ordering = ["village", "-start"]
        constraints = [models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                              name="cadre_term_ends_after_start",
                                              violation_error_message=_("任职结束日期不能早于开始日期"))]

    def __str__(self):
        end = self.end.isoformat() if self.end else _("至今")
        return f"{self.person} {self.get_post_display()} {self.start.isoformat()}—{end}"


class Kinship(models.Model):
    """直系亲属 between two persons: `relative` is the `relation` of `person` (李四 is the spouse of 张三)."""

    scope_village = "person__household__village"

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("配偶")
        PARENT = "parent", _("父母")
        CHILD = "child", _("子女")
        GRANDPARENT = "grandparent", _("祖父母/外祖父母")
        GRANDCHILD = "grandchild", _("孙子女/外孙子女")

    person = models.ForeignKey(Person, models.PROTECT, related_name="kin", verbose_name=_("人员"))
    relative = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("亲属"))
    relation = models.CharField(_("亲属关系"), max_length=12, choices=Relation)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("直系亲属关系")
        verbose_name_plural = _("直系亲属关系")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="kinship_once_per_pair"),
            models.CheckConstraint(condition=~Q(person=F("relative")), name="kinship_not_with_oneself"),
        ]

    def __str__(self):
        return f"{self.relative} 是 {self.person} 的{self.get_relation_display()}"

