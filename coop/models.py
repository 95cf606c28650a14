"""The organisation: county → townships → villages → one cooperative per pilot village, its charter,
and the people who log in, each with one role and one scope."""

from decimal import Decimal, InvalidOperation

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.money import FEN
from coop.roles import Level, Role, roles_at
from coop.validators import validate_org_credit_code

ZERO = Decimal("0.00")


class MoneyField(models.DecimalField):
    """A DecimalField that reads an amount exact to the fen as two places. SQLite hands a SUM back as a 15-digit
    Decimal (22.9600000000000): equal to 22.96, yet more digits than the column allows, so saving a sum (a claim's
    interest paid) was refused on the SQLite default. Anything finer than a fen is still refused by validation.
    Migrations see a plain DecimalField: the column is the same."""

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, Decimal) and value.is_finite():
            try:
                fen = value.quantize(FEN)
            except InvalidOperation:  # too long to hold two places: the validators refuse it in words
                return value
            if fen == value:
                return fen
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


def money_field(verbose_name, **kwargs):
    """The one money column: two places, up to 999,999,999,999.99 元, never negative unless asked."""
    validators = kwargs.pop("validators", [MinValueValidator(ZERO)])
    return MoneyField(verbose_name, max_digits=14, decimal_places=2, validators=validators, **kwargs)


class County(models.Model):
    scope_county = "pk"

    name = models.CharField(_("县名称"), max_length=50, unique=True)
    code = models.CharField(
        _("行政区划代码"), max_length=6, unique=True, validators=[RegexValidator(r"^\d{6}$", _("应为6位数字"))]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("县")
        verbose_name_plural = _("县")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^\d{6}$"), name="county_code_6_digits")]

    def __str__(self):
        return self.name


class Township(models.Model):
    scope_township = ""

    class Kind(models.TextChoices):
        TOWN = "town", _("镇")
        SUBDISTRICT = "subdistrict", _("街道")

    county = models.ForeignKey(County, models.PROTECT, related_name="townships", verbose_name=_("所属县"))
    name = models.CharField(_("镇(街道)名称"), max_length=50)
    code = models.CharField(
        _("区划代码"), max_length=9, unique=True, validators=[RegexValidator(r"^\d{9}$", _("应为9位数字"))]
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind, default=Kind.TOWN)
    default_cash_cap = money_field(
        _("村库存现金限额(默认)"),
        default=ZERO,
        help_text=_("R1 村财镇管:本镇各村未单独设定时适用的库存现金上限,默认 0 元"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("镇(街道)")
        verbose_name_plural = _("镇(街道)")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="township_name_unique_in_county"),
            models.CheckConstraint(condition=Q(default_cash_cap__gte=0), name="township_cash_cap_not_negative"),
        ]

    def __str__(self):
        return self.name


class Village(models.Model):
    scope_village = ""

    class Size(models.TextChoices):
        LARGE = "large", _("大村")
        SMALL = "small", _("小村")

    township = models.ForeignKey(Township, models.PROTECT, related_name="villages", verbose_name=_("所属镇(街道)"))
    name = models.CharField(_("村名称"), max_length=50)
    code = models.CharField(
        _("区划代码"), max_length=12, unique=True, validators=[RegexValidator(r"^\d{12}$", _("应为12位数字"))]
    )
    size = models.CharField(_("村规模"), max_length=5, choices=Size, default=Size.SMALL)
    cash_cap = money_field(
        _("库存现金限额"),
        null=True,
        blank=True,
        help_text=_("R1 村财镇管:留空则按所属镇的默认限额(通常为 0 元)"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("村")
        verbose_name_plural = _("村")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="village_name_unique_in_township"),
            models.CheckConstraint(condition=Q(cash_cap__gte=0) | Q(cash_cap__isnull=True),
                                   name="village_cash_cap_not_negative"),
        ]

    def __str__(self):
        return self.name

    @property
    def effective_cash_cap(self) -> Decimal:
        """The cap R1 applies: the village's own, else its township's default."""
        return self.cash_cap if self.cash_cap is not None else self.township.default_cash_cap

    def clean(self):
        if self.township_id and self.code and not self.code.startswith(self.township.code):
            raise ValidationError({"code": _("村区划代码应以所属镇的区划代码 %(code)s 开头") % {
                "code": self.township.code}})


class Cooperative(models.Model):
    scope_village = "village"

    village = models.OneToOneField(Village, models.PROTECT, related_name="cooperative", verbose_name=_("所在村"))
    name = models.CharField(_("合作社名称"), max_length=100, unique=True)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[validate_org_credit_code],
        help_text=_("村级集体经济组织代码以 N2 开头,18位"),
    )
    chairman_name = models.CharField(_("理事长(村党组织书记)"), max_length=30)
    founded_on = models.DateField(_("成立日期"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("扶贫互助合作社")
        verbose_name_plural = _("扶贫互助合作社")
        ordering = ["village__code"]

    def __str__(self):
        return self.name


class Charter(models.Model):
    """One version of the cooperative's 章程 as the system applies it, in force from `effective_from` until the
    next version's date (coop.queries.charter_on). Share movements, loans and distributions keep the terms of
    the version they were made under: once a later version or any such record exists, a version is never
    edited or deleted again, and a change of terms is a new version (coop.operations.amend_charter)."""

    scope_village = "cooperative__village"

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="charters", verbose_name=_("合作社"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1, editable=False)
    adopted_on = models.DateField(_("通过日期"), help_text=_("社员(代表)大会通过本版章程的日期"))
    effective_from = models.DateField(_("生效日期"), help_text=_("本版章程自此日起适用,至下一版生效前一日止"))
    dividend_ratio = models.DecimalField(_("社员分红比例(%)"), max_digits=5, decimal_places=2,
                                         validators=[MinValueValidator(ZERO)])
    development_ratio = models.DecimalField(_("合作社发展比例(%)"), max_digits=5, decimal_places=2,
                                            validators=[MinValueValidator(ZERO)])
    accumulation_ratio = models.DecimalField(_("集体积累比例(%)"), max_digits=5, decimal_places=2,
                                             validators=[MinValueValidator(ZERO)])
    loan_max_amount = money_field(_("互助资金单笔借款上限(元)"), default=Decimal("10000.00"))
    loan_max_term_months = models.PositiveSmallIntegerField(_("借款最长期限(月)"), default=12,
                                                            validators=[MinValueValidator(1)])
    share_price = money_field(_("每股金额(元)"), default=Decimal("100.00"))
    min_shares = models.PositiveIntegerField(_("每户最少股数"), default=1, validators=[MinValueValidator(1)])
    max_shares = models.PositiveIntegerField(_("每户最多股数"), default=100, validators=[MinValueValidator(1)])
    withdrawal_allowed = models.BooleanField(_("允许退股"), default=True)
    withdrawal_after_months = models.PositiveSmallIntegerField(
        _("入社满几个月后可退股"), default=12, help_text=_("社员入社满此月数后才可退股;0 为随时可退"))
    project_min_quotes = models.PositiveSmallIntegerField(
        _("代建项目比选最少报价家数"), default=3, validators=[MinValueValidator(2)],
        help_text=_("代建项目比选须收到的不同单位报价的最少家数(R5),按比选日期适用的章程版本"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("章程")
        verbose_name_plural = _("章程")
        ordering = ["cooperative__village__code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "version"], name="charter_version_unique"),
            models.UniqueConstraint(fields=["cooperative", "effective_from"], name="charter_effective_from_unique",
                                    violation_error_message=_("本社已有同一日期生效的章程版本")),
            models.CheckConstraint(condition=Q(effective_from__gte=models.F("adopted_on")),
                                   name="charter_effective_after_adoption",
                                   violation_error_message=_("章程的生效日期不能早于通过日期")),
            models.CheckConstraint(
                condition=Q(dividend_ratio__gte=0, development_ratio__gte=0, accumulation_ratio__gte=0)
                # Round: SQLite subtracts decimals as floats; PostgreSQL's numeric is exact anyway.
                & Q(dividend_ratio=Round(100 - models.F("development_ratio") - models.F("accumulation_ratio"), 2)),
                name="charter_ratios_sum_to_100",
                violation_error_message=_("R7 章程分配比例:社员分红、合作社发展、集体积累三项比例之和必须等于 100%%"),
            ),
            models.CheckConstraint(condition=Q(loan_max_amount__gt=0), name="charter_loan_max_positive"),
            models.CheckConstraint(condition=Q(share_price__gt=0), name="charter_share_price_positive"),
            models.CheckConstraint(condition=Q(project_min_quotes__gte=2), name="charter_project_min_quotes_two",
                                   violation_error_message=_("比选最少报价家数不能少于 2 家")),
            models.CheckConstraint(condition=Q(max_shares__gte=models.F("min_shares")),
                                   name="charter_share_limits_ordered",
                                   violation_error_message=_("每户最多股数不能少于最少股数")),
        ]

    def __str__(self):
        return _("%(coop)s章程(第%(n)s版,%(d)s起)") % {"coop": self.cooperative, "n": self.version,
                                                     "d": self.effective_from}

    def clean(self):
        ratios = [self.dividend_ratio, self.development_ratio, self.accumulation_ratio]
        if all(r is not None for r in ratios) and sum(ratios) != 100:
            raise ValidationError(
                _("R7 章程分配比例:三项比例之和为 %(total)s%%,必须等于 100%%") % {"total": sum(ratios)},
                code="R7",
            )


def scope_matches_role() -> Q:
    """Each role names exactly the one scope field of its level (coop.roles.SCOPE_LEVEL); an unscoped
    superuser has no role and no scope."""
    condition = Q(role="", is_superuser=True, county__isnull=True, township__isnull=True, village__isnull=True)
    for level in Level:
        if roles := roles_at(level):
            condition |= Q(role__in=roles, **{f"{field}__isnull": field != level.value for field in Level.values})
    return condition


class User(AbstractUser):
    """A login. Each has one role and exactly the one scope that role needs (county, township or village)."""

    role = models.CharField(_("角色"), max_length=20, choices=Role, blank=True)
    county = models.ForeignKey(County, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("所属县"))
    township = models.ForeignKey(Township, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("所属镇(街道)"))
    village = models.ForeignKey(Village, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("所属村"))
    department = models.CharField(_("所在部门"), max_length=50, blank=True,
                                  help_text=_("行业部门检查人员填写,如县水利局"))
    phone = models.CharField(_("手机号"), max_length=11, blank=True,
                             validators=[RegexValidator(r"^1\d{10}$", _("应为11位手机号"))])
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=scope_matches_role(),
                violation_error_message=_("角色与所属范围不符:每个角色只填写其所在层级(县、镇或村)的范围"),
            ),
        ]

    @classmethod
    def scope_q_for(cls, user, villages):
        """Logins in scope: those bound to a visible village or township, and, for county-wide roles,
        those of their county. Unscoped superusers are never shown to anyone else."""
        from coop.access import townships_of

        q = Q(village__in=villages) | Q(township__in=townships_of(user).values("pk"))
        if user.role in Role.county_wide():
            q |= Q(county_id=user.county_id)
        return q

    def clean(self):
        super().clean()
        needs = Role.scope_field(self.role) if self.role else None
        errors = {}
        for field in ("county", "township", "village"):
            value = getattr(self, f"{field}_id")
            if field == needs and value is None:
                errors[field] = _("角色“%(role)s”必须选择%(scope)s") % {
                    "role": self.get_role_display(), "scope": self._meta.get_field(field).verbose_name}
            elif field != needs and value is not None:
                errors[field] = _("角色“%(role)s”不应填写此项") % {"role": self.get_role_display() or "-"}
        if not self.role and not self.is_superuser:
            errors["role"] = _("请选择角色")
        if errors:
            raise ValidationError(errors)

    def __str__(self):
        return self.get_full_name()

    def get_full_name(self):
        return f"{self.last_name}{self.first_name}".strip() or self.username

    def get_short_name(self):
        return self.get_full_name()

    @property
    def home_county_id(self):
        """The county the user belongs to, whatever the level of their scope."""
        if self.county_id:
            return self.county_id
        if self.township_id:
            return self.township.county_id
        if self.village_id:
            return self.village.township.county_id
        return None

    @property
    def scope_label(self) -> str:
        return str(self.village or self.township or self.county or _("全部"))


class LoginAttempt(AccessAttempt):
    """django-axes' failed-login record, seen through the county's scope: a county administrator sees the
    attempts on the logins of their county."""

    class Meta:
        proxy = True
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")

    @classmethod
    def scope_q_for(cls, user, villages):
        """Attempts on the logins in the user's scope; county-wide roles also see attempts on names that
        belong to no login at all (someone guessing), but never those on another county's logins."""
        from coop.access import visible

        q = Q(username__in=visible(user, User.objects.all()).values("username"))
        if user.role in Role.county_wide():
            q |= ~Q(username__in=User.objects.values("username"))
        return q

    @property
    def is_locked(self) -> bool:
        """Locked now: enough failures, and the cool-off since the last one has not yet run out."""
        return (self.failures_since_start >= settings.AXES_FAILURE_LIMIT
                and self.attempt_time > timezone.now() - settings.AXES_COOLOFF_TIME)

    @classmethod
    def locked_q(cls) -> Q:
        return Q(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                 attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME)
