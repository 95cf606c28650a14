"""The demo county's service organisations: 57 stations, teams and points across the eleven pilot cooperatives (the
field report's count), each with its leader (never a cadre for an operating one, R4a), two workers and its equipment;
a year of fees (more than 100 service records, each charged one with its receipt approved into the village's bank
account), management fees, quarterly payrolls (R4b: the payees are villagers outside the cadres' families on the pay
day), the e-commerce points' 代购代销, and sanitation funded to the county's standard (4,000 元 a large village,
3,000 元 a small one) from its three sources in every village but one, 中坝村, whose fiscal allocation came short.

Every row goes through services.operations, as the chairman and the township officer would enter it; the postings
are dated in 2026 before the finance demo closes its months (finance.demo.close_months runs after this part).
Idempotent: nothing is done once any organisation exists."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from coop.models import Cooperative, County, User, Village
from coop.roles import Role
from members.face import cadre_posts, cadre_relations
from members.models import Household, Person
from services import operations as ops
from services.models import Equipment, SanitationStandard, ServiceOrganisation

Org = ServiceOrganisation
C, N, F = Org.Category, Org.Nature, Org.Form
FOUNDED = date(2016, 9, 1)
# (name, form, nature, category, management fee (mode, value)) — five in every village, one more in each of the
# first two
BASIC = [
    ("环境卫生保洁队", F.TEAM, N.PUBLIC_WELFARE, C.SANITATION, ("none", 0)),
    ("基础设施管护队", F.TEAM, N.PUBLIC_WELFARE, C.UPKEEP, ("none", 0)),
    ("农业生产服务站", F.STATION, N.OPERATING, C.FARMING, ("rate", Decimal("10"))),
    ("电子商务服务点", F.POINT, N.OPERATING, C.ECOMMERCE, ("rate", Decimal("20"))),
    ("红白喜事服务队", F.TEAM, N.OPERATING, C.CEREMONIES, ("fixed", Decimal("100"))),
]
EXTRA = [("文艺宣传队", F.TEAM, N.PUBLIC_WELFARE, C.CULTURE, ("none", 0)),
         ("建筑工程服务队", F.TEAM, N.OPERATING, C.CONSTRUCTION, ("rate", Decimal("5")))]
SCHEDULES = {C.SANITATION: [("保洁费", "household_year", "30")],
             C.FARMING: [("机耕", "mu", "85"), ("植保飞防", "mu", "10")],
             C.CEREMONIES: [("红白喜事服务", "service", "800")],
             C.CONSTRUCTION: [("小型修缮", "day", "200")]}
EQUIPMENT = {C.SANITATION: [("分类垃圾桶", "bin", 40, "120", "fiscal", "各村民小组路口"),
                            ("电动垃圾清运车", "truck", 1, "18000", "fiscal", "村委会院内")],
             C.UPKEEP: [("管道维修工具", "tools", 1, "1500", "collective", "村委会库房")],
             C.FARMING: [("微耕机", "machinery", 2, "4800", "collective", "合作社农机库"),
                         ("植保无人机", "machinery", 1, "36000", "fiscal", "合作社农机库")],
             C.CEREMONIES: [("餐具桌椅", "other", 1, "8000", "donated", "村活动室")],
             C.CULTURE: [("音响设备", "other", 1, "6000", "donated", "村文化广场")],
             C.ECOMMERCE: [("电脑及打印机", "other", 1, "5200", "fiscal", "电商服务点")],
             C.CONSTRUCTION: [("搅拌机", "machinery", 1, "9000", "collective", "合作社农机库")]}
SANITATION_FEE = Decimal("30")
PAYING_HOUSEHOLDS = 8
SHORT_VILLAGE = "中坝村"  # its fiscal allocation came 600 元 short
STANDARD = {Village.Size.LARGE: Decimal("4000"), Village.Size.SMALL: Decimal("3000")}
FISCAL_SHARE = Decimal("0.6")
PAY_MONTHS = (3, 6, 9)
# paid on the 28th of the month: the finance demo's July stays without bank movement (its "quiet month")
PAY_DAYS = tuple(date(2026, month, 28) for month in PAY_MONTHS)


def seed() -> None:
    if Org.objects.exists():
        return
    for county in County.objects.filter(townships__villages__cooperative__isnull=False).distinct():
        admin = User.objects.filter(role=Role.COUNTY_ADMIN, county=county).order_by("pk").first()
        if admin is not None and not SanitationStandard.objects.filter(county=county).exists():
            for size, amount in STANDARD.items():
                ops.set_sanitation_standard(county=county, size=size, amount=amount, effective_from=date(2016, 1, 1),
                                            by=admin)
    coops = list(Cooperative.objects.select_related("village__township").order_by("village__code"))
    for index, coop in enumerate(coops):
        village = coop.village
        chair = User.objects.filter(role=Role.CHAIRMAN, village=village).order_by("pk").first()
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=village.township).order_by("pk").first()
        if chair is None or officer is None or not hasattr(village, "ledger"):
            continue
        with transaction.atomic():
            _village(coop, chair, officer, BASIC + EXTRA[index:index + 1], flagged=index == 0)  # 11 × 5 + 2 = 57


def _clean_people(village) -> list[Person]:
    """Villagers who are neither a cadre nor a cadre's family on the founding day nor on any pay day of the year
    (one R4 call per date)."""
    people = list(Person.objects.filter(household__village=village).select_related("household")
                  .order_by("household__number", "pk")[:60])
    barred = set()
    for on in (FOUNDED, *PAY_DAYS):
        barred |= set(cadre_relations(people, on)) if people else set()
    return [person for person in people if person.pk not in barred]


def _village(coop, chair, officer, kinds, *, flagged: bool) -> None:
    """The village's organisations and their year. Leaders hold no post today, except in the `flagged` village,
    where a villager-group leader elected after his appointment shows the dashboard's R4a flag."""
    village = coop.village
    people = _clean_people(village)
    posts = cadre_posts(people, date(2026, 11, 30))
    leaders = people if flagged else [person for person in people if person.pk not in posts]
    households = list(Household.objects.filter(village=village).order_by("number")[:PAYING_HOUSEHOLDS + 4])
    organisations = {}
    for n, (name, form, nature, category, (mode, value)) in enumerate(kinds):
        leader = leaders[n % len(leaders)]
        org = ops.found_organisation(
            cooperative=coop, name=f"{village.name}{name}", form=form, nature=nature, category=category,
            founded_on=FOUNDED, leader=leader, by=chair, fee_mode=mode,
            fee_rate=value if mode == "rate" else 0, fee_fixed=value if mode == "fixed" else 0)
        for k in (1, 2):
            ops.add_worker(organisation=org, person=people[(n * 2 + k + 10) % len(people)], start=FOUNDED,
                           duty="队员", by=chair)
        for item, kind, quantity, value_each, source, where in EQUIPMENT.get(category, []):
            ops.register_equipment(organisation=org, name=item, kind=kind, quantity=quantity, source=source,
                                   value=Decimal(value_each) * quantity, location=where,
                                   acquired_on=date(2017, 3, 1), by=chair,
                                   condition=Equipment.Condition.WORN if kind == "truck" and n % 3 else "good")
        for service, unit, rate in SCHEDULES.get(category, []):
            ops.set_fee_schedule(organisation=org, service=service, unit=unit, rate=Decimal(rate),
                                 effective_from=date(2026, 1, 1), by=chair)
        organisations[category] = org
    _fees(organisations, households, chair, officer)
    _trades(organisations.get(C.ECOMMERCE), people, chair, officer)
    _management_fees(organisations, chair, officer)
    _pay(organisations, people, chair, officer)
    _sanitation(coop, chair, officer)


def _approve_all(records, officer):
    for record in records:
        receipt = getattr(record, "receipt", None)
        if receipt is not None:
            ops.approve_receipt(receipt=receipt, by=officer)


def _fees(organisations, households, chair, officer) -> None:
    rows = {C.SANITATION: [ops.ServiceRow(service="保洁费", on=date(2026, 3, 16), quantity=Decimal("1"), household=h)
                           for h in households[:PAYING_HOUSEHOLDS]],
            C.FARMING: [ops.ServiceRow(service="机耕", on=date(2026, 4, 8), quantity=Decimal("6.5"),
                                       household=households[0]),
                        ops.ServiceRow(service="机耕", on=date(2026, 4, 20), quantity=Decimal("4"),
                                       household=households[2]),
                        ops.ServiceRow(service="植保飞防", on=date(2026, 8, 12), quantity=Decimal("40"),
                                       client="留坝县食用菌示范园"),
                        ops.ServiceRow(service="机耕", on=date(2026, 10, 9), quantity=Decimal("8"),
                                       household=households[3])],
            C.CEREMONIES: [ops.ServiceRow(service="红白喜事服务", on=date(2026, 2, 14), quantity=Decimal("1"),
                                          household=households[4]),
                           ops.ServiceRow(service="红白喜事服务", on=date(2026, 10, 3), quantity=Decimal("1"),
                                          household=households[5])],
            C.UPKEEP: [ops.ServiceRow(service="饮水管道巡护维修", on=date(2026, 1, 20), quantity=Decimal("1"),
                                      client="全村", free=True),
                       ops.ServiceRow(service="通村道路清障", on=date(2026, 7, 2), quantity=Decimal("1"), client="全村",
                                      free=True)],
            C.CULTURE: [ops.ServiceRow(service="政策宣传演出", on=date(2026, 5, 1), quantity=Decimal("1"),
                                       client="全村群众", free=True)],
            C.CONSTRUCTION: [ops.ServiceRow(service="小型修缮", on=date(2026, 8, 18), quantity=Decimal("3"),
                                            household=households[6])]}
    for category, service_rows in rows.items():
        if category in organisations:
            _approve_all(ops.record_services(organisation=organisations[category], rows=service_rows, by=chair),
                         officer)


def _trades(shop, people, chair, officer) -> None:
    if shop is None:
        return
    for k, (kind, goods, gross, on) in enumerate([("sale", "土蜂蜜 40 斤", "2400", date(2026, 6, 18)),
                                                  ("sale", "干香菇 30 斤", "1950", date(2026, 9, 22)),
                                                  ("purchase", "复合肥 2 吨", "5200", date(2026, 3, 5))]):
        person = people[(k * 5 + 3) % len(people)]
        trade = ops.record_trade(
            organisation=shop, kind=kind, person=person, goods=goods, on=on, gross=Decimal(gross),
            commission=(Decimal(gross) * Decimal("0.05")).quantize(Decimal("0.01")),
            counterparty="西安农产品超市" if kind == "sale" else "留坝县农资公司",
            pay_account=f"621700{person.household.village.code[-6:]}{k:02d}{person.pk % 10000:04d}", by=chair)
        ops.approve_trade(trade=trade, by=officer)


def _management_fees(organisations, chair, officer) -> None:
    for category, months in ((C.FARMING, (4, 8, 10)), (C.ECOMMERCE, (3, 6, 9)), (C.CEREMONIES, (2, 10)),
                             (C.CONSTRUCTION, (8,))):
        org = organisations.get(category)
        for month in months if org else ():
            fee = ops.charge_management_fee(organisation=org, year=2026, month=month, by=chair)
            ops.approve_management_fee(fee=fee, by=officer)


def _pay(organisations, people, chair, officer) -> None:
    """Quarterly payrolls of the sanitation and farming teams' workers, and a rent for the farming machinery."""
    for category, wage in ((C.SANITATION, "60"), (C.FARMING, "120")):
        org = organisations[category]
        workers = [w.person for w in org.workers.select_related("person__household").order_by("pk")]
        for month, on in zip(PAY_MONTHS, PAY_DAYS, strict=True):
            lines = [ops.PayLine(person=person, kind="wage", quantity=Decimal(18 + month % 4), rate=Decimal(wage))
                     for person in workers]
            if category == C.FARMING:
                lines.append(ops.PayLine(person=people[-1], kind="rent", quantity=Decimal("3"), rate=Decimal("300"),
                                         item="旋耕机"))
            payroll = ops.record_payroll(organisation=org, year=2026, month=month, on=on,
                                         lines=lines, by=chair)
            ops.approve_payroll(payroll=payroll, by=officer)


def _sanitation(coop, chair, officer) -> None:
    """Fiscal allocation and collective subsidy making up the standard with the households' fees; 中坝村 short."""
    village = coop.village
    standard = STANDARD[village.size]
    fees = SANITATION_FEE * PAYING_HOUSEHOLDS
    fiscal = (standard * FISCAL_SHARE).quantize(Decimal("1"))
    collective = standard - fiscal - fees
    if village.name == SHORT_VILLAGE:
        fiscal -= 600
    for source, amount, on, document in (("fiscal", fiscal, date(2026, 4, 10), "留财农〔2026〕8号"),
                                         ("collective", collective, date(2026, 4, 20), "村民代表会议决议")):
        funding = ops.record_sanitation_funding(cooperative=coop, year=2026, source_kind=source, on=on,
                                                amount=amount, document=document, by=chair)
        ops.approve_sanitation_funding(funding=funding, by=officer)
