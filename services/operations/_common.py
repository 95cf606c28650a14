"""What the services' operations share: the locks (the cooperative, then the organisation row; the ledger and the
rows follow through coop.approvals and finance.operations — the project's one lock order), the village's hand (R2),
and the small checks every door needs."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.models import Cooperative
from coop.role_checks import require_village_hand
from members.models import Person
from services.models import ServiceOrganisation


def lock_organisation(organisation: ServiceOrganisation, by, action: str) -> ServiceOrganisation:
    """R2 (the chairman or the township's staff, in scope), then the cooperative's lock, then the organisation."""
    require_village_hand(by, organisation, action)
    lock_cooperative(organisation.cooperative_id)
    return ServiceOrganisation.objects.select_for_update(of=("self",)).select_related(
        "cooperative__village__township").get(pk=organisation.pk)


def lock_cooperative(cooperative_id) -> None:
    list(Cooperative.objects.select_for_update(of=("self",)).filter(pk=cooperative_id).values_list("pk", flat=True))


def require_villager(organisation: ServiceOrganisation, person: Person, field: str, what: str) -> None:
    """A leader or worker is a person of the organisation's own village."""
    if person.household.village_id != organisation.cooperative.village_id:
        raise RuleViolation(Rule.SERVICES, _("%(p)s 不是本村人员,不能担任%(w)s") % {"p": person.name, "w": what},
                            field=field)


def require_not_future(on: date, field: str = "on") -> None:
    if on is None:
        raise RuleViolation(Rule.SERVICES, _("请填写日期"), field=field)
    if on > timezone.localdate():
        raise RuleViolation(Rule.SERVICES, _("日期 %(d)s 晚于今天") % {"d": on}, field=field)


def require_active(organisation: ServiceOrganisation, on: date, field: str = "on") -> None:
    if on < organisation.founded_on:
        raise RuleViolation(Rule.SERVICES, _("日期 %(d)s 早于%(o)s成立日期 %(f)s") % {
            "d": on, "o": organisation.name, "f": organisation.founded_on}, field=field)
