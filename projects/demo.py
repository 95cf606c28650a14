"""The demo county's agency-built projects: 15 small works across the eleven pilot villages, every one under the
R5 cap, each taken through its steps by the roles that take them — application, the commissioning body's approval,
the entrustment with its scan, a three-quote competition, the contract, the money received, local labour paid by
payroll (R4b judged on the pay day: the demo's workers are villagers outside the cadres' families), materials,
and for ten of them the acceptance (an asset or a public-welfare work), six settled and three audited.

The demo's total (about 3.3 million 元) is far below the field report's 15,000,000 元 of agency-built work: that
figure is the county's five-year total over every village, the demo shows one season in the eleven pilots
(docs/design/projects.md). Idempotent: a cooperative that already has projects is left alone."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from coop.models import Cooperative, User
from coop.roles import Role
from members.face import cadre_relations
from members.models import Person
from projects import operations as ops
from projects.models import Project

K = Project.Kind
WORKS = [  # (name, kind, forms an asset, commissioning department)
    ("通组道路硬化", K.ROAD, True, "留坝县交通运输局"), ("农田灌溉渠维修", K.IRRIGATION, True, "留坝县水利局"),
    ("安全饮水管网延伸", K.DRINKING_WATER, True, "留坝县水利局"),
    ("村庄环境整治", K.ENVIRONMENT, False, "留坝县住建局"),
    ("产业便道修建", K.ROAD, True, "留坝县农业农村局"),
]
ACCEPTED, SETTLED, AUDITED = 10, 6, 3  # the first ten accepted, of them six settled and three audited
WORKERS = 4
# The finance demo closes its books through October 2026 (R3), so every posting falls in November.
POSTINGS = date(2026, 11, 2)


def _scan() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(out, format="PNG")
    return SimpleUploadedFile("委托代建协议.png", out.getvalue(), content_type="image/png")


def _workers(village, on: date) -> list[Person]:
    """Villagers who may be paid: the first who are neither a cadre nor a cadre's family on the pay day."""
    people = list(Person.objects.filter(household__village=village).select_related("household")
                  .order_by("household__number", "pk")[:WORKERS * 3])
    barred = cadre_relations(people, on) if people else {}
    return [person for person in people if person.pk not in barred][:WORKERS]


def _take(project: Project, index: int, chair, officer, auditor) -> None:
    total = project.total_investment
    price = (total * Decimal("0.96")).quantize(Decimal("1"))
    start = project.planned_start
    ops.decide_project(project=project, approved=True, decided_by=project.body_person, on=start - timedelta(days=20),
                       document_number=f"留政项〔2026〕{index + 1}号", by=officer)
    ops.record_entrustment(project=project, upload=_scan(), on=start - timedelta(days=15), amount=total,
                           body_signatory=project.body_person, cooperative_signatory=chair.get_full_name() or "理事长",
                           by=chair)
    bids = [ops.Bid(f"{project.village.name}合作社施工队", price, "本村队长"),
            ops.Bid("留坝县马道建筑队", price + Decimal("8000")), ops.Bid("紫柏工程队", price + Decimal("13500"))]
    ops.record_competition(project=project, on=start - timedelta(days=10), bids=bids, selected=0,
                           reason="报价最低,吸纳本村劳力", by=chair,
                           evaluators=[ops.Evaluator("监委会主任", True, "村监委会"),
                                       ops.Evaluator("村民代表", True, "村民代表")])
    ops.record_contract(project=project, on=start - timedelta(days=5), amount=price, starts_on=start,
                        ends_on=project.planned_end, team_leader="本村队长", by=chair)
    receipt = ops.record_funds_receipt(project=project, on=POSTINGS, amount=price, by=chair,
                                       source="县财政奖补资金" if index % 2 == 0 else "县级部门专项资金")
    ops.approve_funds_receipt(receipt=receipt, by=officer)
    pay_day = POSTINGS + timedelta(days=8)
    workers = _workers(project.village, pay_day)
    rows = [ops.LabourRow(person=person, on=POSTINGS + timedelta(days=1), days=Decimal(12 + row % 3),
                          daily_wage=Decimal("150"), row=row) for row, person in enumerate(workers, start=2)]
    if rows:
        ops.record_labour_batch(project=project, rows=rows, by=chair)
        ops.approve_payment(payment=ops.pay_labour(project=project, on=pay_day, by=chair), by=officer)
    materials = ops.record_payment(project=project, kind="materials", on=pay_day + timedelta(days=5), by=chair,
                                   summary="购买水泥砂石管材",
                                   payees=[ops.Payee(amount=(price * Decimal("0.55")).quantize(Decimal("0.01")),
                                                     name="留坝县建材经营部")])
    ops.approve_payment(payment=materials, by=officer)
    if index >= ACCEPTED:
        return
    work = WORKS[index % len(WORKS)]
    acceptance = ops.record_acceptance(
        project=project, on=project.planned_end - timedelta(days=5), findings="按合同完成,质量合格",
        forms_asset=work[2], asset_name=project.name if work[2] else "", condition="good" if work[2] else "", by=chair,
        committee=[ops.CommitteeMember(project.body_person, project.body_name),
                   ops.CommitteeMember("镇包村干部", project.village.township.name),
                   ops.CommitteeMember("监委会主任", "村监委会")])
    ops.confirm_acceptance(acceptance=acceptance, by=officer)
    if index < SETTLED:
        settlement = ops.record_settlement(project=project, on=project.planned_end - timedelta(days=2), by=chair)
        ops.confirm_settlement(settlement=settlement, by=officer)
    if index < AUDITED:
        ops.record_audit(project=project, on=project.planned_end, auditor="县审计局",
                         conclusion="clean", findings="", by=auditor)


def seed() -> None:
    coops = list(Cooperative.objects.select_related("village__township").order_by("village__code"))
    if not coops or Project.objects.exists():
        return
    auditor = User.objects.filter(role=Role.AUDITOR).order_by("pk").first()
    for index in range(15):
        coop = coops[index % len(coops)]
        village = coop.village
        if not hasattr(village, "ledger"):
            continue
        chair = User.objects.filter(role=Role.CHAIRMAN, village=village).order_by("pk").first()
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=village.township).order_by("pk").first()
        name, kind, _asset, body = WORKS[index % len(WORKS)]
        start = date(2026, 3 + index % 4, 1 + index % 20)
        project = Project(
            cooperative=coop, number=f"DJ2026-{index + 1:02d}", name=f"{village.name}{name}", kind=kind,
            body_kind=Project.BodyKind.DEPARTMENT, body_name=body, body_person="项目股负责人",
            funding=Project.Funding.ONE_MATTER if index % 2 == 0 else Project.Funding.EARMARKED,
            total_investment=Decimal(150000 + index * 9000), simple_engineering=True,
            simple_engineering_confirmed_by=body, simple_engineering_confirmed_on=start - timedelta(days=40),
            local_labour=True, local_labour_confirmed_by=village.township.name,
            local_labour_confirmed_on=start - timedelta(days=40), planned_start=start,
            planned_end=POSTINGS + timedelta(days=25), location=f"{village.name}{'一二三四五'[index % 5]}组")
        with transaction.atomic():  # a project the demo cannot finish leaves no row behind
            project = ops.apply_for_project(project=project, statement=f"群众申请实施{name},改善生产生活条件",
                                            on=start - timedelta(days=30), by=chair)
            _take(project, index, chair, officer, auditor)
