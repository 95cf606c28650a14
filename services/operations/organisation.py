"""The organisation and its people: founding it, appointing its leader (R4a), its workers and its equipment.

R4a: a village or villager-group cadre (村组干部) in office on the appointment date never leads an operating
organisation (members.face.require_not_cadre); a public-welfare one may be led by a cadre. Turning a public-welfare
organisation into an operating one is an appointment of its sitting leader to an operating organisation, judged
on the day of the change. A leader who becomes a cadre later is not refused after the fact but flagged
(services.queries.leaders_turned_cadre), computed from the terms, never stored."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.limits import require_number, whole_digits
from coop.models import Cooperative
from coop.money import to_fen
from coop.role_checks import require_village_hand
from members.face import require_not_cadre
from members.models import Person
from services.models import Equipment, Leadership, ServiceOrganisation, Worker
from services.operations._common import lock_organisation, require_active, require_not_future, require_villager

Org = ServiceOrganisation


def _fee_terms(fee_mode: str, fee_rate, fee_fixed) -> tuple[str, Decimal, Decimal]:
    fee_rate = require_number(fee_rate, _("管理费比例"), rule=Rule.SERVICES, field="fee_rate",
                              whole_digits=whole_digits(Org, "fee_rate"))
    fee_fixed = require_number(fee_fixed, _("管理费定额"), rule=Rule.SERVICES, field="fee_fixed")
    rate, fixed = Decimal(fee_rate or 0), to_fen(fee_fixed or 0)
    if fee_mode == Org.FeeMode.RATE and not 0 < rate <= 100:
        raise RuleViolation(Rule.SERVICES, _("按收入比例收取管理费时,比例须在 0 到 100 之间"), field="fee_rate")
    if fee_mode == Org.FeeMode.FIXED and fixed <= 0:
        raise RuleViolation(Rule.SERVICES, _("每月定额收取管理费时,定额须大于零"), field="fee_fixed")
    return (fee_mode, rate if fee_mode == Org.FeeMode.RATE else Decimal("0"),
            fixed if fee_mode == Org.FeeMode.FIXED else Decimal("0"))


@transaction.atomic
def found_organisation(*, cooperative: Cooperative, name: str, form: str, nature: str, category: str,
                       founded_on: date, by, fee_mode: str = Org.FeeMode.NONE, fee_rate=0, fee_fixed=0,
                       leader: Person | None = None) -> ServiceOrganisation:
    """成立 a station, team or point under the cooperative; with `leader`, its leader appointed on the founding
    date (R4a for an operating one)."""
    require_village_hand(by, cooperative, _("成立专业服务组织"))
    require_not_future(founded_on, "founded_on")
    mode, rate, fixed = _fee_terms(fee_mode, fee_rate, fee_fixed)
    name = (name or "").strip()
    if Org.objects.filter(cooperative=cooperative, name=name).exists():
        raise RuleViolation(Rule.SERVICES, _("本社已有名为“%(n)s”的服务组织") % {"n": name}, field="name")
    organisation = save_as(Org(cooperative=cooperative, name=name, form=form, nature=nature, category=category,
                               founded_on=founded_on, fee_mode=mode, fee_rate=rate, fee_fixed=fixed), by)
    if leader is not None:
        appoint_leader(organisation=organisation, person=leader, start=founded_on, by=by)
    return organisation


@transaction.atomic
def revise_organisation(*, organisation: ServiceOrganisation, by, on: date | None = None, **changes
                        ) -> ServiceOrganisation:
    """Change the name, form, nature, category or management-fee terms. Becoming operating puts the sitting leader
    to R4a on `on` (today by default)."""
    organisation = lock_organisation(organisation, by, _("修改专业服务组织"))
    allowed = {"name", "form", "nature", "category", "fee_mode", "fee_rate", "fee_fixed"}
    unknown = set(changes) - allowed
    if unknown:
        raise RuleViolation(Rule.SERVICES, _("不能修改:%(f)s") % {"f": "、".join(sorted(unknown))})
    mode, rate, fixed = _fee_terms(changes.get("fee_mode", organisation.fee_mode),
                                   changes.get("fee_rate", organisation.fee_rate),
                                   changes.get("fee_fixed", organisation.fee_fixed))
    becomes_operating = (changes.get("nature") == Org.Nature.OPERATING and not organisation.is_operating)
    for field, value in changes.items():
        setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    organisation.fee_mode, organisation.fee_rate, organisation.fee_fixed = mode, rate, fixed
    if becomes_operating:
        sitting = organisation.leaderships.filter(end__isnull=True).select_related("person").first()
        if sitting is not None:
            require_not_cadre(sitting.person, on or timezone.localdate())
    return save_as(organisation, by)


@transaction.atomic
def appoint_leader(*, organisation: ServiceOrganisation, person: Person, start: date, by) -> Leadership:
    """任命领办人 from `start`; the sitting leader's term ends the day before. R4a for an operating organisation,
    judged on `start`, naming the post and the term."""
    organisation = lock_organisation(organisation, by, _("任命领办人"))
    require_not_future(start, "start")
    require_active(organisation, start, "start")
    require_villager(organisation, person, "person", _("领办人"))
    if organisation.is_operating:
        require_not_cadre(person, start)
    sitting = organisation.leaderships.select_for_update().filter(end__isnull=True).first()
    if sitting is not None:
        if start <= sitting.start:
            raise RuleViolation(Rule.SERVICES, _("新领办人的任命日期须晚于现任领办人的任命日期 %(d)s") % {
                "d": sitting.start}, field="start")
        sitting.end = start - timedelta(days=1)
        save_as(sitting, by)
    return save_as(Leadership(organisation=organisation, person=person, start=start, recorded_by=by), by)


@transaction.atomic
def end_leadership(*, leadership: Leadership, end: date, by) -> Leadership:
    """领办人离任 on `end` (the last day in office)."""
    lock_organisation(leadership.organisation, by, _("办理领办人离任"))
    leadership = Leadership.objects.select_for_update().get(pk=leadership.pk)
    if leadership.end is not None:
        raise RuleViolation(Rule.SERVICES, _("该领办人已于 %(d)s 离任") % {"d": leadership.end})
    if end < leadership.start:
        raise RuleViolation(Rule.SERVICES, _("离任日期不能早于任命日期"), field="end")
    leadership.end = end
    return save_as(leadership, by)


@transaction.atomic
def add_worker(*, organisation: ServiceOrganisation, person: Person, start: date, by, duty: str = "") -> Worker:
    """A person joins the organisation's workers from `start`."""
    organisation = lock_organisation(organisation, by, _("登记从业人员"))
    require_not_future(start, "start")
    require_active(organisation, start, "start")
    require_villager(organisation, person, "person", _("从业人员"))
    if Worker.objects.filter(organisation=organisation, person=person, end__isnull=True).exists():
        raise RuleViolation(Rule.SERVICES, _("%(p)s 已是%(o)s的在职人员") % {"p": person.name, "o": organisation},
                            field="person")
    return save_as(Worker(organisation=organisation, person=person, start=start, duty=(duty or "").strip()), by)


@transaction.atomic
def end_worker(*, worker: Worker, end: date, by) -> Worker:
    lock_organisation(worker.organisation, by, _("办理从业人员退出"))
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if worker.end is not None or end < worker.start:
        raise RuleViolation(Rule.SERVICES, _("退出日期须不早于加入日期,且人员尚未退出"), field="end")
    worker.end = end
    return save_as(worker, by)


@transaction.atomic
def register_equipment(*, organisation: ServiceOrganisation, name: str, kind: str, value, source: str,
                       location: str, acquired_on: date, by, quantity: int = 1,
                       condition: str = Equipment.Condition.GOOD) -> Equipment:
    """登记设备 in the organisation's register."""
    organisation = lock_organisation(organisation, by, _("登记设备"))
    require_not_future(acquired_on, "acquired_on")
    if quantity is None or int(quantity) < 1:
        raise RuleViolation(Rule.SERVICES, _("数量至少为 1"), field="quantity")
    value = require_number(value, _("价值"), rule=Rule.SERVICES, field="value")
    return save_as(Equipment(organisation=organisation, name=(name or "").strip(), kind=kind, quantity=int(quantity),
                             value=to_fen(value or 0), source=source, condition=condition,
                             location=(location or "").strip(), acquired_on=acquired_on), by)


@transaction.atomic
def update_equipment(*, equipment: Equipment, by, condition: str | None = None, location: str | None = None
                     ) -> Equipment:
    """A piece of equipment's state or place changes (维修, 报废, 移交); its value and source stay as recorded."""
    lock_organisation(equipment.organisation, by, _("更新设备状况"))
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    if condition is not None:
        if condition not in Equipment.Condition.values:
            raise RuleViolation(Rule.SERVICES, _("设备状况“%(c)s”不正确") % {"c": condition}, field="condition")
        equipment.condition = condition
    if location is not None:
        equipment.location = location.strip()
    return save_as(equipment, by)
