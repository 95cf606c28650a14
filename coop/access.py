"""Who may see what, and do what: the one mechanism every admin class, report and export goes through.

Two questions, answered here and nowhere else:

* `visible(user, queryset)` — the rows of a model inside the user's scope. A chairman sees one village,
  a township officer the villages of one township, county-wide roles the villages of their county.
* `allows(user, action, model)` — whether the user's role may take an action ("view", "add", "change",
  "delete", or a domain action such as "review") on a model at all.

Each model states how it reaches the organisation through one of three class attributes:
`scope_village` (lookup path to its Village), `scope_township` or `scope_county`. Each app states its
rights in `<app>/rights.py` by calling `grant({Model: {Role: actions}})`; those modules are imported at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils.module_loading import autodiscover_modules

from coop.roles import SCOPE_LOOKUPS, Role, level_of

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
CRUD = (VIEW, ADD, CHANGE, DELETE)

_rights: dict[type[Model], dict[str, frozenset[str]]] = {}


def grant(rights: dict[type[Model], dict[str, Iterable[str]]]) -> None:
    """Record an app's rights table. A model may be granted only once, so no two tables disagree."""
    for model, by_role in rights.items():
        if model in _rights:
            raise ValueError(f"rights for {model._meta.label} are declared twice")
        unknown = set(by_role) - set(Role.values)
        if unknown:
            raise ValueError(f"unknown roles {unknown} in rights for {model._meta.label}")
        _rights[model] = {role: frozenset(actions) for role, actions in by_role.items()}


def load_rights() -> None:
    autodiscover_modules("rights")


def is_governed(model: type[Model]) -> bool:
    return model in _rights


def actions_for(user, model: type[Model]) -> frozenset[str]:
    """Every action the user's role may take on the model (all of them for a superuser)."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if user.is_superuser and not user.role:
        return frozenset(CRUD) | frozenset().union(*_rights.get(model, {}).values())
    return _rights.get(model, {}).get(user.role, frozenset())


def allows(user, action: str, model: type[Model]) -> bool:
    return action in actions_for(user, model)


def villages_of(user) -> QuerySet:
    """The villages in the user's scope, as a lazy queryset (one subquery, never a list of ids)."""
    return _in_scope(user, "Village")


def townships_of(user) -> QuerySet:
    """The townships in the user's scope, including a township that has no village yet."""
    return _in_scope(user, "Township")


def _in_scope(user, model_name: str) -> QuerySet:
    """The villages or townships inside the user's scope, as coop.roles defines the scope of each role."""
    model = apps.get_model("coop", model_name)
    if not (user and user.is_authenticated and user.is_active):
        return model.objects.none()
    if user.is_superuser and not user.role:
        return model.objects.all()
    level = level_of(user.role)
    if level is None:
        return model.objects.none()
    return model.objects.filter(**{SCOPE_LOOKUPS[level][model_name]: getattr(user, f"{level.value}_id")})


def scope_q(user, model: type[Model]) -> Q:
    """The filter that keeps a model's rows inside the user's scope."""
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_superuser and not user.role:
        return Q()
    villages = villages_of(user)
    if hasattr(model, "scope_q_for"):
        return model.scope_q_for(user, villages)
    if (path := getattr(model, "scope_village", None)) is not None:
        return Q(**{_lookup(path): villages.values("pk")})
    if (path := getattr(model, "scope_township", None)) is not None:
        return Q(**{_lookup(path): townships_of(user).values("pk")})
    if (path := getattr(model, "scope_county", None)) is not None:
        if user.role not in Role.county_wide():
            return Q(pk__in=[])
        return Q(**{path: user.county_id})
    raise TypeError(f"{model._meta.label} declares no scope_village, scope_township or scope_county")


def visible(user, queryset: QuerySet) -> QuerySet:
    """The queryset restricted to the user's scope."""
    return queryset.filter(scope_q(user, queryset.model))


def declares_scope(model: type[Model]) -> bool:
    return any(hasattr(model, attr) for attr in ("scope_village", "scope_township", "scope_county", "scope_q_for"))


def _lookup(path: str) -> str:
    return f"{path}__in" if path else "pk__in"


_UNKNOWN = object()


def _loaded(obj, path: str):
    """The value at the end of a lookup path (`ledger__village`, `township__county_id`) if every relation on the
    way is already loaded on the instance, else _UNKNOWN: nothing here may cost a query."""
    for step in filter(None, path.split("__")):
        if obj is None:
            return _UNKNOWN
        field = obj._meta.get_field(step) if step != "pk" else None
        if field is not None and field.is_relation and step == field.name and not field.is_cached(obj):
            return _UNKNOWN
        obj = getattr(obj, step)
    return obj


def _contains_loaded(user, obj) -> bool | None:
    """`contains` answered without a query for a saved row whose village is loaded with it — the ledger a
    posting has just locked with its village and township — as `visible` would answer it; None otherwise."""
    path = getattr(type(obj), "scope_village", None)
    if path is None or hasattr(type(obj), "scope_q_for") or obj.pk is None:
        return None
    if not (user and user.is_authenticated and user.is_active) or (user.is_superuser and not user.role):
        return None
    level = level_of(user.role)
    village = _loaded(obj, path)
    if level is None or village is _UNKNOWN or village is None:
        return None
    value = _loaded(village, SCOPE_LOOKUPS[level]["Village"])
    return None if value is _UNKNOWN else value == getattr(user, f"{level.value}_id")


def contains(user, obj) -> bool:
    """Whether one object lies in the user's scope, including an object since deleted (its history)."""
    answer = _contains_loaded(user, obj)
    if answer is not None:
        return answer
    model = type(obj)
    rows = model._default_manager.filter(pk=obj.pk)
    if visible(user, rows).exists():  # the common answer, in one query
        return True
    if rows.exists():
        return False
    if user.is_superuser and not user.role:
        return True
    village_path = getattr(model, "scope_village", None)
    path = village_path if village_path is not None else getattr(model, "scope_township", None)
    if path is None:
        return False
    owner = obj
    try:
        for step in filter(None, path.split("__")):
            owner = getattr(owner, step)
    except ObjectDoesNotExist:  # the owner is gone too: nothing left to judge the scope by
        return False
    if village_path is not None:
        return villages_of(user).filter(pk=owner.pk).exists()
    return townships_of(user).filter(pk=owner.pk).exists()
