"""建档立卡: whether a household is a registered poor household and the year it left poverty. The county
sends its register down every year (the poverty import: many households at once); a clerk corrects one
household in the admin. Both go through `update_poverty_status`, where the poverty rules live."""

import copy
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coop.errors import Rule, RuleViolation
from coop.models import Cooperative
from coop.refusals import Refusal, model_refusals, refuse
from finance.operations import require_village_hand
from members.models import Household, Member
from members.operations._common import lock_cooperative


@dataclass
class PovertyChange:
    household: Household
    is_registered_poor: bool
    poverty_exit_year: int | None = None
    row: int = 0


def exit_year_refusals(row: int, household: Household) -> Iterator[Refusal]:
    """Only a registered poor household has a year of leaving poverty: one that left stays registered,
    with the year filled in."""
    if household.poverty_exit_year is not None and not household.is_registered_poor:
        yield Refusal(row, RuleViolation(Rule.MEMBERS, _(
            "户编号 %(h)s 填了脱贫年度,但不是建档立卡贫困户:只有建档立卡贫困户才有脱贫年度") % {
            "h": household.number}, field="poverty_exit_year"))


def check_poverty_status(*, village, changes: list[PovertyChange]) -> list[Refusal]:
    """Every refusal the changes would meet, without writing: the households' own rules and the poor-household
    rule — a household that joined the cooperative as a poor household (and has not left) stays registered."""
    poor_members = dict(Member.objects.filter(
        household__village=village, kind=Member.Kind.POOR_HOUSEHOLD, status=Member.Status.ACTIVE,
    ).values_list("household_id", "number"))
    refusals = []
    for change in changes:
        household = change.household
        if household.village_id != village.pk:
            refusals.append(Refusal(change.row, RuleViolation(Rule.MEMBERS, _("%(h)s 不是本村农户") % {
                "h": household.number}, field="household")))
            continue
        household = _changed(change)
        refusals += model_refusals(change.row, household, exclude=["village"])
        refusals += exit_year_refusals(change.row, household)
        if not change.is_registered_poor and household.pk in poor_members:
            refusals.append(Refusal(change.row, RuleViolation(Rule.MEMBERS, _(
                "%(h)s 户以贫困户身份入社(社员编号 %(m)04d),不能取消建档立卡;已脱贫的请保留建档立卡并填写脱贫年度") % {
                "h": household.number, "m": poor_members[household.pk]}, field="is_registered_poor")))
    return refusals


def _changed(change: PovertyChange) -> Household:
    """The household as the change would leave it; the caller's object keeps its values until the write."""
    household = copy.copy(change.household)
    household.is_registered_poor, household.poverty_exit_year = change.is_registered_poor, change.poverty_exit_year
    return household


@transaction.atomic
def update_poverty_status(*, village, changes: list[PovertyChange], by, reason: str = "") -> list[Household]:
    """Bring the village's households into line with `changes`, all or nothing, each change in the history
    under `by` (and `reason`). Refused as a whole (BatchRefused, every refusal with its row) when any change
    breaks a rule."""
    require_village_hand(by, village, _("更新建档立卡信息"))
    cooperative = Cooperative.objects.filter(village=village).first()
    if cooperative is not None:  # admissions take this lock first: none can slip in between check and write
        lock_cooperative(cooperative)
    locked = Household.objects.select_for_update(of=("self",)).in_bulk([c.household.pk for c in changes])
    fresh = [PovertyChange(locked.get(c.household.pk, c.household), c.is_registered_poor, c.poverty_exit_year,
                           c.row) for c in changes]
    refuse(check_poverty_status(village=village, changes=fresh))
    households = [_changed(change) for change in fresh]
    bulk_update_with_history(households, Household, ["is_registered_poor", "poverty_exit_year"], batch_size=500,
                             default_user=by, default_change_reason=reason or None)
    return households


def set_poverty_status(*, household: Household, is_registered_poor: bool, poverty_exit_year: int | None,
                       by) -> Household:
    """One household's 建档立卡 status, as the admin corrects it: the same rules as the county's register."""
    return update_poverty_status(village=household.village, by=by, changes=[
        PovertyChange(household, is_registered_poor, poverty_exit_year)])[0]
