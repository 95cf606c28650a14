"""Admin pages for the organisation and its logins. Every add, change and delete goes through
coop.operations (OperationAdmin's `perform` and `remove`), so the county's pages keep the same rules as
every other door."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.db.models import Count, Exists, OuterRef
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from coop import operations
from coop.admin_base import Exportable, OperationAdmin, ScopedAdmin
from coop.models import Charter, Cooperative, County, LoginAttempt, Township, User, Village
from coop.money import yuan
from coop.resources import CooperativeResource, VillageResource
from coop.roles import Level, level_of, scope_help

admin.site.unregister(Group)  # roles live on the user (coop.roles); groups would be a second mechanism


class UnitAdmin(OperationAdmin):
    """A county, township, village or cooperative: deleted only while nothing refers to it."""

    def remove(self, request, obj):
        operations.remove_unit(unit=obj, by=request.user)


@admin.register(County)
class CountyAdmin(UnitAdmin):
    list_display = ["name", "code"]

    def perform(self, request, form, change):
        if change:
            return operations.change_county(county=form.instance, by=request.user, **form.cleaned_data)
        return operations.register_county(by=request.user, **form.cleaned_data)


@admin.register(Township)
class TownshipAdmin(UnitAdmin):
    list_display = ["name", "code", "kind", "county", "village_count", "cash_cap_display"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("county").annotate(n_villages=Count("villages"))

    @admin.display(description=_("村数"), ordering="n_villages")
    def village_count(self, obj):
        return obj.n_villages

    @admin.display(description=_("村库存现金限额(默认)"), ordering="default_cash_cap")
    def cash_cap_display(self, obj):
        return yuan(obj.default_cash_cap)

    def perform(self, request, form, change):
        if change:
            return operations.change_township(township=form.instance, by=request.user, **form.cleaned_data)
        return operations.register_township(by=request.user, **form.cleaned_data)


@admin.register(Village)
class VillageAdmin(Exportable, UnitAdmin):
    resource_classes = [VillageResource]
    list_display = ["name", "code", "township", "size", "cash_cap_display", "cooperative_link"]
    list_filter = ["size", "township"]
    search_fields = ["name", "code"]
    list_select_related = ["township", "cooperative"]

    @admin.display(description=_("库存现金限额"))
    def cash_cap_display(self, obj):
        return yuan(obj.effective_cash_cap)

    @admin.display(description=_("合作社"))
    def cooperative_link(self, obj):
        return getattr(obj, "cooperative", None) or "—"

    def get_list_filter(self, request):
        if level_of(request.user.role) in (Level.TOWNSHIP, Level.VILLAGE):
            return ["size"]  # one township: nothing to filter by
        return super().get_list_filter(request)

    def perform(self, request, form, change):
        if change:
            return operations.change_village(village=form.instance, by=request.user, **form.cleaned_data)
        return operations.register_village(by=request.user, **form.cleaned_data)


class CharterMissingFilter(admin.EmptyFieldListFilter):
    """The same filter as Django's, titled in the clerk's words."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("章程")


@admin.register(Cooperative)
class CooperativeAdmin(Exportable, UnitAdmin):
    resource_classes = [CooperativeResource]
    list_display = ["name", "village", "township", "chairman_name", "founded_on", "has_charter"]
    list_filter = [("charters", CharterMissingFilter)]
    search_fields = ["name", "village__name", "chairman_name"]
    list_select_related = ["village__township"]
    autocomplete_fields = ["village"]

    def get_queryset(self, request):
        # Exists, not Count: a GROUP BY would drop the model's ordering from the paginated list
        return super().get_queryset(request).annotate(
            with_charter=Exists(Charter.objects.filter(cooperative=OuterRef("pk"))))

    @admin.display(description=_("所属镇(街道)"), ordering="village__township__code")
    def township(self, obj):
        return obj.village.township

    @admin.display(description=_("已录入章程"), boolean=True)
    def has_charter(self, obj):
        return obj.with_charter

    def perform(self, request, form, change):
        if change:
            return operations.change_cooperative(cooperative=form.instance, by=request.user, **form.cleaned_data)
        return operations.found_cooperative(by=request.user, **form.cleaned_data)


@admin.register(Charter)
class CharterAdmin(OperationAdmin):
    """章程 by version. Adding one for a cooperative that has a charter is an amendment (a new version from
    its effective date); the change form corrects a version only while nothing rests on it."""

    list_display = ["cooperative", "version", "effective_from", "adopted_on", "dividend_ratio",
                    "development_ratio", "accumulation_ratio", "share_price", "min_shares", "max_shares",
                    "loan_max_display", "loan_max_term_months", "project_min_quotes"]
    list_select_related = ["cooperative"]
    list_filter = ["cooperative"]
    autocomplete_fields = ["cooperative"]
    search_fields = ["cooperative__name"]

    def get_readonly_fields(self, request, obj=None):
        return ["cooperative", "version"] if obj else ["version"]

    @admin.display(description=_("单笔借款上限"), ordering="loan_max_amount")
    def loan_max_display(self, obj):
        return yuan(obj.loan_max_amount)

    def perform(self, request, form, change):
        if change:
            return operations.revise_charter(charter=form.instance, by=request.user, **form.cleaned_data)
        return operations.amend_charter(by=request.user, **form.cleaned_data)

    def remove(self, request, obj):
        operations.remove_charter(charter=obj, by=request.user)


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "last_name", "first_name", "role", "county", "township", "village", "department",
                  "phone")


class AccountChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(OperationAdmin, DjangoUserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    list_display = ["username", "full_name", "role", "scope_label", "department", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    list_select_related = ["county", "township", "village"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("个人信息"), {"fields": ["last_name", "first_name", "phone"]}),
        (_("角色与范围"), {"fields": ["role", "county", "township", "village", "department"],
                        "description": lazy(scope_help, str)()}),
        (_("状态"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        (_("个人信息"), {"fields": ["last_name", "first_name", "phone"]}),
        (_("角色与范围"), {"fields": ["role", "county", "township", "village", "department"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    @admin.display(description=_("姓名"))
    def full_name(self, obj):
        return f"{obj.last_name}{obj.first_name}"

    @admin.display(description=_("范围"))
    def scope_label(self, obj):
        return obj.scope_label

    def perform(self, request, form, change):
        data = {name: value for name, value in form.cleaned_data.items()
                if name not in ("password", "usable_password", "set_usable_password", "password1", "password2")}
        if change:
            return operations.change_account(user=form.instance, by=request.user, **data)
        usable = form.cleaned_data.get("set_usable_password", True)
        return operations.open_account(password=form.cleaned_data.get("password1") if usable else None,
                                       by=request.user, **data)

    def remove(self, request, obj):
        operations.remove_account(user=obj, by=request.user)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ScopedAdmin):
    """Failed logins recorded by django-axes. Deleting a row lifts its lock before the cool-off ends."""

    list_display = ["login_name", "address", "failures", "is_locked", "last_attempt"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time", "path_info"]
    readonly_fields = fields

    @admin.display(description=_("用户名"), ordering="username")
    def login_name(self, obj):
        return obj.username

    @admin.display(description=_("IP 地址"), ordering="ip_address")
    def address(self, obj):
        return obj.ip_address

    @admin.display(description=_("连续失败次数"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    @admin.display(description=_("当前锁定"), boolean=True)
    def is_locked(self, obj):
        return obj.is_locked

    @admin.display(description=_("最近一次尝试"), ordering="attempt_time")
    def last_attempt(self, obj):
        return obj.attempt_time
