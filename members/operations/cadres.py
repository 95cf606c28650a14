"""Cadre terms and kinship: the records R4 judges by, kept by the township or the county."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.roles import Role
from finance.operations import require_scope, require_township_or_county
from members.models import CadreTerm, Kinship, Person


@transaction.atomic
def record_cadre_term(*, village, person: Person, post: str, start: date, by, end: date | None = None) -> CadreTerm:
    """Cadre terms are kept by the township or the county, not by the village whose cadres they are (R4)."""
    require_township_or_county(by, village, _("登记村组干部任期"))
    return save_as(CadreTerm(village=village, person=person, post=post, start=start, end=end), by)


@transaction.atomic
def record_kinship(*, person: Person, relative: Person, relation: str, by) -> Kinship:
    if by.role not in (Role.TOWNSHIP_OFFICER, Role.COUNTY_ADMIN, Role.CHAIRMAN):
        raise RuleViolation(Rule.R2, _("R2 权限:无权登记亲属关系"))
    require_scope(by, person, _("登记亲属关系"))
    return save_as(Kinship(person=person, relative=relative, relation=relation), by)
