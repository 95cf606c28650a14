"""Changes to the organisation, one function each; the county's admin pages, seed_demo, tests and later apps
call these, never `save()`.

Every function validates the whole row (model rules and database constraints) before it writes, inside one
transaction, so a refused change leaves nothing behind. `by` is the acting login: its role must have the right
(coop.rights) and the row must lie inside its scope; `by=None` is the system itself (seed_demo, migrations).
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from coop import access, charter_rules, queries
from coop.errors import Rule, RuleViolation
from coop.history import delete_as, save_as
from coop.models import Charter, Cooperative, County, Township, User, Village
from coop.removal import dependants
from coop.roles import Role

CHARTER_TERMS = ("dividend_ratio", "development_ratio", "accumulation_ratio", "loan_max_amount",
                 "loan_max_term_months", "share_price", "min_shares", "max_shares", "withdrawal_allowed",
                 "withdrawal_after_months", "project_min_quotes")


# ---------------------------------------------------------------- the county, townships and villages

@transaction.atomic
def register_county(*, name: str, code: str, by=None) -> County:
    _require(by, access.ADD, County)
    return save_as(County(name=name, code=code), by)


@transaction.atomic
def change_county(*, county: County, name: str, code: str, by=None) -> County:
    county = _lock(county)
    _require(by, access.CHANGE, County, county)
    if code != county.code and county.townships.exclude(code__startswith=code).exists():
        raise RuleViolation(Rule.ORGANISATION, _(
            "本县已有镇(街道),其区划代码以 %(c)s 开头,县的区划代码不能改为 %(n)s") % {"c": county.code, "n": code},
            field="code")
    county.name, county.code = name, code
    return save_as(county, by)


@transaction.atomic
def register_township(*, county: County, name: str, code: str, kind=Township.Kind.TOWN,
                      default_cash_cap=Decimal("0.00"), by=None) -> Township:
    _require(by, access.ADD, Township, county)
    township = Township(county=county, name=name, code=code, kind=kind, default_cash_cap=default_cash_cap)
    _require_code_under(code, county.code, field="code")
    return save_as(township, by)


@transaction.atomic
def change_township(*, township: Township, name: str, code: str, kind, default_cash_cap, county=None,
                    by=None) -> Township:
    """Name, code, kind and the default cash cap (R1). A township never moves to another county, and its code
    keeps every village's code under it."""
    township = _lock(township)
    _require(by, access.CHANGE, Township, township)
    if county is not None and county.pk != township.county_id:
        raise RuleViolation(Rule.ORGANISATION, _("镇(街道)不能改属另一个县"), field="county")
    _require_code_under(code, township.county.code, field="code")
    if code != township.code and township.villages.exclude(code__startswith=code).exists():
        raise RuleViolation(Rule.ORGANISATION, _("本镇已有村,其区划代码以 %(c)s 开头,镇的区划代码不能改为 %(n)s") % {
            "c": township.code, "n": code}, field="code")
    township.name, township.code, township.kind, township.default_cash_cap = name, code, kind, default_cash_cap
    return save_as(township, by)


@transaction.atomic
def register_village(*, township: Township, name: str, code: str, size=Village.Size.SMALL,
                     cash_cap: Decimal | None = None, by=None) -> Village:
    _require(by, access.ADD, Village, township)
    return save_as(Village(township=township, name=name, code=code, size=size, cash_cap=cash_cap), by)


@transaction.atomic
def change_village(*, village: Village, township: Township, name: str, code: str, size, cash_cap=None,
                   by=None) -> Village:
    """A village's code stays under its township's (the model checks it). It moves to another township only
    while nothing depends on it: its books, cooperative and logins belong to the township that keeps them."""
    village = _lock(village)
    _require(by, access.CHANGE, Village, village)
    if township.pk != village.township_id:
        _require(by, access.CHANGE, Village, township)
        if in_use := dependants(village):
            raise RuleViolation(Rule.ORGANISATION, _("%(v)s 已有%(what)s,不能改属其他镇(街道)") % {
                "v": village, "what": "、".join(in_use)}, field="township")
    village.township, village.name, village.code, village.size, village.cash_cap = (
        township, name, code, size, cash_cap)
    return save_as(village, by)


# ---------------------------------------------------------------- cooperatives

@transaction.atomic
def found_cooperative(*, village: Village, name: str, chairman_name: str, founded_on: date,
                      credit_code: str = "", address: str = "", by=None) -> Cooperative:
    _require(by, access.ADD, Cooperative, village)
    _require_no_cooperative(village)
    return save_as(Cooperative(village=village, name=name, chairman_name=chairman_name, founded_on=founded_on,
                               credit_code=credit_code, address=address), by)


@transaction.atomic
def change_cooperative(*, cooperative: Cooperative, village: Village, name: str, chairman_name: str,
                       founded_on: date, credit_code: str = "", address: str = "", by=None) -> Cooperative:
    """A cooperative moves to another village only while it has no members or books anywhere: its members'
    households, shares and vouchers all belong to the village it was founded in."""
    cooperative = _lock(cooperative)
    _require(by, access.CHANGE, Cooperative, cooperative)
    if village.pk != cooperative.village_id:
        _require(by, access.CHANGE, Cooperative, village)
        _require_no_cooperative(village)
        in_use = dependants(cooperative, ignore=(Charter,)) + dependants(
            cooperative.village, ignore=(Cooperative, User))
        if in_use:
            raise RuleViolation(Rule.ORGANISATION, _("%(c)s 已有%(what)s,不能迁往其他村") % {
                "c": cooperative, "what": "、".join(sorted(set(in_use)))}, field="village")
    cooperative.village, cooperative.name, cooperative.chairman_name = village, name, chairman_name
    cooperative.founded_on, cooperative.credit_code, cooperative.address = founded_on, credit_code, address
    return save_as(cooperative, by)


def _require_no_cooperative(village):
    if Cooperative.objects.filter(village=village).exists():
        raise RuleViolation(Rule.ORGANISATION, _("%(v)s 已有合作社,一个村只设一个扶贫互助合作社") % {"v": village},
                            field="village")


# ---------------------------------------------------------------- charters, versioned by date

@transaction.atomic
def adopt_charter(*, cooperative: Cooperative, adopted_on: date, dividend_ratio, development_ratio,
                  accumulation_ratio, effective_from: date | None = None, by=None, **terms) -> Charter:
    """The cooperative's first charter (version 1), in force from `effective_from` (the adoption day unless
    given). Terms not given take the model's defaults."""
    cooperative = _lock(cooperative)
    _require(by, access.ADD, Charter, cooperative)
    if queries.latest_charter(cooperative) is not None:
        raise RuleViolation(Rule.ORGANISATION, _("%(c)s 已有章程:修改章程请新增一个版本(章程修订)") % {
            "c": cooperative}, field="cooperative")
    charter = Charter(cooperative=cooperative, version=1, adopted_on=adopted_on,
                      effective_from=effective_from or adopted_on, dividend_ratio=dividend_ratio,
                      development_ratio=development_ratio, accumulation_ratio=accumulation_ratio,
                      **_terms(terms))
    return _save_version(charter, None, by)


@transaction.atomic
def amend_charter(*, cooperative: Cooperative, adopted_on: date, effective_from: date | None = None, by=None,
                  **terms) -> Charter:
    """章程修订: a new version in force from `effective_from` (the adoption day unless given); the earlier
    versions stay as they were, for the records made under them. Terms not given carry over from the version
    before it. The first version of a cooperative without one is adopted the same way."""
    cooperative = _lock(cooperative)
    _require(by, access.ADD, Charter, cooperative)
    latest = queries.latest_charter(cooperative)
    effective_from = effective_from or adopted_on
    if latest is not None and effective_from <= latest.effective_from:
        raise RuleViolation(Rule.ORGANISATION, _("新版本的生效日期必须晚于现行第 %(n)s 版的生效日期 %(d)s") % {
            "n": latest.version, "d": latest.effective_from}, field="effective_from")
    if used := charter_rules.records_between(cooperative, effective_from, None):
        raise RuleViolation(Rule.ORGANISATION, _(
            "%(d)s 及以后已有%(what)s按现行章程办理,新版本的生效日期必须晚于这些业务的日期") % {
            "d": effective_from, "what": "、".join(used)}, field="effective_from")
    carried = {name: getattr(latest, name) for name in CHARTER_TERMS} if latest else {}
    charter = Charter(cooperative=cooperative, version=(latest.version + 1) if latest else 1,
                      adopted_on=adopted_on, effective_from=effective_from, **{**carried, **_terms(terms)})
    return _save_version(charter, latest, by)


@transaction.atomic
def revise_charter(*, charter: Charter, by=None, **changes) -> Charter:
    """Correct a version in place (a typing error, say) — only while nothing rests on it: no later version and
    no record made under it. Otherwise the change is a new version (amend_charter). Unchanged: nothing done."""
    _lock(charter.cooperative)
    charter = _lock(charter)
    _require(by, access.CHANGE, Charter, charter)
    cooperative = changes.pop("cooperative", None)
    if cooperative is not None and cooperative.pk != charter.cooperative_id:
        raise RuleViolation(Rule.ORGANISATION, _("章程不能改属另一个合作社"), field="cooperative")
    allowed = {*CHARTER_TERMS, "adopted_on", "effective_from"}
    if unknown := set(changes) - allowed:
        raise TypeError(f"revise_charter() got unexpected fields {sorted(unknown)}")
    changed = {name: value for name, value in changes.items() if getattr(charter, name) != value}
    if not changed:
        return charter
    start = min(charter.effective_from, changed.get("effective_from", charter.effective_from))
    _require_unused(charter, _("修改"), start=start)
    earlier = Charter.objects.filter(cooperative=charter.cooperative_id, effective_from__lt=charter.effective_from)
    previous = earlier.order_by("-effective_from").first()
    if previous is not None and changed.get("effective_from", charter.effective_from) <= previous.effective_from:
        raise RuleViolation(Rule.ORGANISATION, _("生效日期必须晚于第 %(n)s 版的生效日期 %(d)s") % {
            "n": previous.version, "d": previous.effective_from}, field="effective_from")
    old = Charter.objects.get(pk=charter.pk)
    for name, value in changed.items():
        setattr(charter, name, value)
    return _save_version(charter, old, by)


@transaction.atomic
def remove_charter(*, charter: Charter, by=None) -> None:
    """A version nothing rests on can be deleted (entered by mistake); one with a later version or records
    made under it is kept for good."""
    _lock(charter.cooperative)
    charter = _lock(charter)
    _require(by, access.DELETE, Charter, charter)
    _require_unused(charter, _("删除"))
    delete_as(charter, by)


def _terms(terms: dict) -> dict:
    if unknown := set(terms) - set(CHARTER_TERMS):
        raise TypeError(f"unknown charter terms {sorted(unknown)}")
    return terms


def _save_version(charter: Charter, replaced: Charter | None, by) -> Charter:
    charter.full_clean()
    charter_rules.check_terms(charter, replaced)
    return save_as(charter, by, clean=False)


def _require_unused(charter: Charter, action: str, *, start: date | None = None) -> None:
    later = queries.next_charter(charter)
    if later is not None:
        raise RuleViolation(Rule.ORGANISATION, _("已有第 %(n)s 版章程,第 %(v)s 版保留原样,不能%(a)s") % {
            "n": later.version, "v": charter.version, "a": action})
    if used := charter_rules.records_between(charter.cooperative, start or charter.effective_from, None):
        raise RuleViolation(Rule.ORGANISATION, _(
            "第 %(v)s 版章程下已有%(what)s,不能%(a)s;修改章程请新增一个版本(章程修订)") % {
            "v": charter.version, "what": "、".join(used), "a": action})


# ---------------------------------------------------------------- logins

@transaction.atomic
def open_account(*, username: str, password: str | None, role: Role, full_name: str = "", county=None,
                 township=None, village=None, department: str = "", phone: str = "", last_name: str | None = None,
                 first_name: str | None = None, password_hash: str | None = None, by=None) -> User:
    """A login for one person in one role. Its scope is the one field the role needs, inside the scope of
    whoever opens it; it is never a superuser. No password: the login cannot sign in until one is set.
    `password_hash` (from `make_password`) stands in for `password` when many logins share one password, as
    the demo's do: hashing takes about half a second each, and once is enough."""
    _require(by, access.ADD, User)
    _require_scope_within(by, county, township, village)
    user = User(username=username, role=role, county=county, township=township, village=village,
                department=department, phone=phone, is_staff=True,
                last_name=full_name[:1] if last_name is None else last_name,
                first_name=full_name[1:] if first_name is None else first_name)
    if password_hash:
        user.password = password_hash
    elif password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return save_as(user, by)


@transaction.atomic
def change_account(*, user: User, by=None, **fields) -> User:
    """Name, contact, role and scope, active or not. The new scope stays inside the acting login's; nobody
    changes their own role or scope or switches themselves off; a superuser is changed only by a superuser."""
    editable = {"username", "last_name", "first_name", "phone", "department", "role", "county", "township",
                "village", "is_active"}
    if unknown := set(fields) - editable:
        raise TypeError(f"change_account() got unexpected fields {sorted(unknown)}")
    user = _lock(user)
    _require(by, access.CHANGE, User, user)
    if user.is_superuser and by is not None and not by.is_superuser:
        raise RuleViolation(Rule.ORGANISATION, _("超级管理员的账号只能由超级管理员修改"))
    guarded = {"role", "county", "township", "village", "is_active"}
    if by is not None and by.pk == user.pk and any(fields[f] != getattr(user, f) for f in guarded & set(fields)):
        raise RuleViolation(Rule.ORGANISATION, _("不能修改自己的角色、范围或停用自己的账号,请另一位县级管理员办理"))
    scope = {f: fields.get(f, getattr(user, f)) for f in ("county", "township", "village")}
    _require_scope_within(by, **scope)
    for name, value in fields.items():
        setattr(user, name, value)
    user.is_staff = True
    return save_as(user, by)


@transaction.atomic
def remove_account(*, user: User, by=None) -> None:
    """Only a login that never did anything can be deleted; one that did is switched off instead, so the
    books and their history keep who did what."""
    user = _lock(user)
    _require(by, access.DELETE, User, user)
    if by is not None and by.pk == user.pk:
        raise RuleViolation(Rule.ORGANISATION, _("不能删除自己的账号"))
    if user.is_superuser and by is not None and not by.is_superuser:
        raise RuleViolation(Rule.ORGANISATION, _("超级管理员的账号只能由超级管理员删除"))
    if in_use := dependants(user):
        raise RuleViolation(Rule.ORGANISATION, _("%(u)s 已经办理过业务(%(what)s),不能删除,请停用该账号") % {
            "u": user.username, "what": "、".join(in_use)})
    delete_as(user, by)


def _require_scope_within(by, county=None, township=None, village=None) -> None:
    for unit in filter(None, (county, township, village)):
        _require(by, access.VIEW, type(unit), unit, _("%(u)s 不在您的管辖范围内") % {"u": unit})


# ---------------------------------------------------------------- removing the organisation's units

@transaction.atomic
def remove_unit(*, unit: County | Township | Village | Cooperative, by=None) -> None:
    """A county, township, village or cooperative is deleted only while nothing refers to it."""
    unit = _lock(unit)
    _require(by, access.DELETE, type(unit), unit)
    if in_use := dependants(unit):
        raise RuleViolation(Rule.ORGANISATION, _("%(u)s 下还有%(what)s,不能删除") % {
            "u": unit, "what": "、".join(in_use)})
    delete_as(unit, by)


# ---------------------------------------------------------------- shared

def _lock(obj):
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _require(by, action: str, model, within=None, message: str | None = None) -> None:
    """The acting login's role may take `action` on `model`, and `within` (the row itself, or the unit a new
    row goes under) lies inside its scope. None acts as the system."""
    if by is None:
        return
    inside = within is None or access.visible(by, type(within)._default_manager.filter(pk=within.pk)).exists()
    if not access.allows(by, action, model) or not inside:
        raise RuleViolation(Rule.ORGANISATION, message or _("您无权对%(what)s进行此项操作") % {
            "what": model._meta.verbose_name})


def _require_code_under(code: str, parent_code: str, *, field: str) -> None:
    if code and not code.startswith(parent_code):
        raise RuleViolation(Rule.ORGANISATION, _("区划代码应以上级的区划代码 %(c)s 开头") % {"c": parent_code},
                            field=field)
