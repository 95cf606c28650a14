"""A village with books, workers, a cadre and the cadre's son, and a builder that takes a project through its steps
as the right roles would, up to the step a test needs."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from coop.roles import Role
from finance import operations as fin
from finance.models import Account
from members import operations as mem
from members.models import CadreTerm, Kinship
from projects import operations as ops
from projects.models import Project
from tests import builders

DAY = date(2026, 11, 2)
STEPS = ("applied", "approved", "entrusted", "competed", "contracted", "under_way", "accepted", "settled", "audited")


class ProjectBuilder:
    """Takes a project through the steps with the roles that take them: the chairman records, the township
    officer decides and approves, a second officer confirms what the first recorded, the auditor audits."""

    def __init__(self, ns):
        self.ns = ns

    def new(self, *, total="250000.00", funding=Project.Funding.ONE_MATTER, name="桑园村三组通组路硬化",
            coop=None, by=None):
        ns = self.ns
        project = Project(cooperative=coop or ns.coop, name=name, kind=Project.Kind.ROAD,
                          body_kind=Project.BodyKind.DEPARTMENT, body_name="留坝县交通运输局", body_person="赵局长",
                          funding=funding, total_investment=Decimal(total), simple_engineering=True,
                          simple_engineering_confirmed_by="县交通局 刘工",
                          simple_engineering_confirmed_on=date(2026, 3, 1),
                          local_labour=True, local_labour_confirmed_by="紫柏街道 陈镇长",
                          local_labour_confirmed_on=date(2026, 3, 1), planned_start=date(2026, 4, 1),
                          planned_end=date(2026, 10, 31), location="桑园村三组")
        return ops.apply_for_project(project=project, statement="三组道路泥泞,群众出行难", on=date(2026, 3, 2),
                                     by=by or ns.chair)

    def approve(self, project):
        return ops.decide_project(project=project, approved=True, decided_by="赵局长", on=date(2026, 3, 10),
                                  document_number="留交发〔2026〕12号", by=self.ns.officer)

    def entrust(self, project):
        return ops.record_entrustment(project=project, upload=builders.png_upload(), on=date(2026, 3, 15),
                                      body_signatory="赵局长", cooperative_signatory="王书记",
                                      amount=project.total_investment, by=self.ns.chair)

    def compete(self, project, price="240000.00"):
        bids = [ops.Bid("桑园村合作社施工队", Decimal(price), "李队长"), ops.Bid("马道建筑队", Decimal("255000.00")),
                ops.Bid("紫柏工程队", Decimal("262000.00"))]
        evaluators = [ops.Evaluator("周会计", True, "监委会主任"), ops.Evaluator("吴代表", True, "村民代表")]
        return ops.record_competition(project=project, on=date(2026, 3, 20), bids=bids, selected=0,
                                      reason="报价最低,本村劳力", evaluators=evaluators, by=self.ns.chair)

    def contract(self, project, amount="240000.00"):
        return ops.record_contract(project=project, on=date(2026, 3, 25), amount=Decimal(amount),
                                   starts_on=date(2026, 4, 1), ends_on=date(2026, 10, 31), team_leader="李队长",
                                   by=self.ns.chair)

    def receive(self, project, amount="240000.00"):
        receipt = ops.record_funds_receipt(project=project, on=date(2026, 4, 2), amount=Decimal(amount),
                                           source="县财政奖补资金", by=self.ns.chair)
        return ops.approve_funds_receipt(receipt=receipt, by=self.ns.officer)

    def pay(self, project, amount, *, kind="materials", on=date(2026, 5, 10), approve=True):
        payment = ops.record_payment(project=project, kind=kind, on=on, summary="购买水泥砂石", by=self.ns.chair,
                                     payees=[ops.Payee(amount=Decimal(amount), name="留坝建材店")])
        return ops.approve_payment(payment=payment, by=self.ns.officer) if approve else payment

    def accept(self, project, *, forms_asset=True):
        committee = [ops.CommitteeMember("赵局长", "县交通局"), ops.CommitteeMember("陈镇长", "紫柏街道"),
                     ops.CommitteeMember("周会计", "村监委会")]
        acceptance = ops.record_acceptance(project=project, on=date(2026, 11, 1), findings="路面平整,质量合格",
                                           committee=committee, forms_asset=forms_asset, asset_name="三组通组水泥路",
                                           condition="good", by=self.ns.chair)
        return ops.confirm_acceptance(acceptance=acceptance, by=self.ns.officer)

    def settle(self, project):
        settlement = ops.record_settlement(project=project, on=date(2026, 11, 5), by=self.ns.chair)
        return ops.confirm_settlement(settlement=settlement, by=self.ns.officer)

    def at(self, step: str, **kw) -> Project:
        """A new project taken up to `step` (one of STEPS)."""
        project = self.new(**kw)
        actions = {"approved": self.approve, "entrusted": self.entrust, "competed": self.compete,
                   "contracted": self.contract, "under_way": self.receive,
                   "accepted": lambda p: (self.pay(p, "200000.00"), self.accept(p)), "settled": self.settle,
                   "audited": lambda p: ops.record_audit(project=p, on=date(2026, 11, 20), auditor="县审计局 孙审计",
                                                         conclusion="clean", findings="", by=self.ns.auditor)}
        for name in STEPS[1:STEPS.index(step) + 1]:
            actions[name](project)
            project.refresh_from_db()
        return project


@pytest.fixture
def site(world, media):
    """桑园村 with books (one bank account, 10201, which then serves projects too), three workers, a cadre (村委会主任
    张德明) and his son 张小明, and the logins: the chairman, two officers of 紫柏街道, the auditor."""
    officer = world.users[Role.TOWNSHIP_OFFICER]
    chair = world.users[Role.CHAIRMAN]
    ledger = builders.ledger(world.v11, officer)
    fin.add_sub_account(parent=Account.objects.get(chart="2023", village=None, code="102"), village=world.v11,
                        code="10201", name="农村信用社", by=officer)
    ns = SimpleNamespace(world=world, coop=world.k11, ledger=ledger, chair=chair, officer=officer,
                         officer_b=builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1),
                         auditor=world.users[Role.AUDITOR], admin=world.users[Role.COUNTY_ADMIN], day=DAY)
    people = {}
    for i, name in enumerate(["刘一", "陈二", "杨三", "张德明"], start=1):
        household = mem.register_household(village=world.v11, number=f"{i:03d}", group="三组", by=chair)
        people[name] = mem.register_person(household=household, name=name, id_number=builders.id_number(i), by=chair)
    son_home = mem.register_household(village=world.v11, number="005", group="三组", by=chair)
    people["张小明"] = mem.register_person(household=son_home, name="张小明", id_number=builders.id_number(5, 2000),
                                         by=chair)
    mem.record_cadre_term(village=world.v11, person=people["张德明"], post=CadreTerm.Post.COMMITTEE_DIRECTOR,
                          start=date(2024, 1, 1), by=officer)
    mem.record_kinship(person=people["张小明"], relative=people["张德明"], relation=Kinship.Relation.PARENT, by=officer)
    ns.people = people
    ns.build = ProjectBuilder(ns)
    return ns
