"""The five roles of DOMAIN.md §2, and the one table that binds each to the level of its scope.

Everything that depends on a role's scope — which field of the login holds it (`scope_field`), which
villages and townships it sees (coop.access), the database constraint on the login (coop.models.User) —
derives from `SCOPE_LEVEL`, so a new role is one line there (plus its rights in the apps' rights.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("县级管理员")
    TOWNSHIP_OFFICER = "township_officer", _("镇财政所会计")
    CHAIRMAN = "chairman", _("合作社理事长")
    AUDITOR = "auditor", _("县审计(纪检)")
    INSPECTOR = "inspector", _("行业部门检查人员")

    @classmethod
    def county_wide(cls) -> list["Role"]:
        return roles_at(Level.COUNTY)

    @classmethod
    def scope_field(cls, role) -> str:
        """Which of the user's county / township / village fields the role's scope lives in."""
        return SCOPE_LEVEL[Role(role)].value


class Level(models.TextChoices):
    """A level of the organisation; its value is the name of the login's field that holds the scope."""

    COUNTY = "county", _("县")
    TOWNSHIP = "township", _("镇(街道)")
    VILLAGE = "village", _("村")


SCOPE_LEVEL: dict[Role, Level] = {
    Role.COUNTY_ADMIN: Level.COUNTY,
    Role.TOWNSHIP_OFFICER: Level.TOWNSHIP,
    Role.CHAIRMAN: Level.VILLAGE,
    Role.AUDITOR: Level.COUNTY,
    Role.INSPECTOR: Level.COUNTY,
}

# How the villages and the townships inside one scope are found, by level: the lookup on each model that
# is compared with the login's scope field.
SCOPE_LOOKUPS: dict[Level, dict[str, str]] = {
    Level.COUNTY: {"Village": "township__county_id", "Township": "county_id"},
    Level.TOWNSHIP: {"Village": "township_id", "Township": "pk"},
    Level.VILLAGE: {"Village": "pk", "Township": "villages"},
}


def roles_at(level: Level) -> list[Role]:
    return [role for role, at in SCOPE_LEVEL.items() if at == level]


def level_of(role) -> Level | None:
    """The level of a role's scope; None for no role (an unscoped superuser) or an unknown one."""
    try:
        return SCOPE_LEVEL[Role(role)]
    except ValueError:
        return None


def scope_help() -> str:
    """What to fill in for each role, in the table's words: "县级管理员、…选县;镇财政所会计选镇(街道);…"."""
    return ";".join(f"{'、'.join(str(role.label) for role in roles_at(level))}选{level.label}"
                    for level in Level if roles_at(level))
