"""The steps before any work, in order: 申报 → 批复 → 委托代建协议 → 比选 → 施工合同; and a budget change (R5)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.money import to_fen, yuan
from coop.queries import charter_on
from finance import operations as ledger_ops
from projects import queries
from projects.models import (
    CAP,
    Application,
    Approval,
    Competition,
    Contract,
    Entrustment,
    EvaluatorStatement,
    Project,
    Quote,
)
from projects.operations._common import (
    COMMISSIONING,
    VILLAGE,
    lock_cooperative,
    lock_project,
    require_not_future,
    require_role,
    require_step,
)

S = Project.Status


def require_under_cap(total: Decimal, what: str) -> None:
    """R5: a project's total stays strictly under 300,000 元 (299,999.99 is allowed)."""
    if total >= CAP:
        raise RuleViolation(Rule.R5, _("代建项目总投资必须低于 %(cap)s,%(what)s后为 %(total)s") % {
            "cap": yuan(CAP), "what": what, "total": yuan(total)}, field="total_investment")


def min_quotes(project: Project, on: date) -> int:
    """The minimum number of quotes a competition held on `on` needs: the cooperative's charter in force that day
    says it (Charter.project_min_quotes), as the members adopted it; a competition is refused without a charter,
    since nobody has decided the number then."""
    charter = charter_on(project.cooperative, on)
    if charter is None:
        raise RuleViolation(Rule.R5, _("%(c)s 在 %(d)s 没有生效的章程,无法确定比选最少报价家数;请先录入章程") % {
            "c": project.cooperative, "d": on}, field="on")
    return charter.project_min_quotes


@transaction.atomic
def apply_for_project(*, project: Project, statement: str, on: date, by) -> Project:
    """申报: the cooperative's application creates the project. `project` is unsaved, its fields filled; the
    simple-engineering and local-labour confirmations are required (R5)."""
    require_role(by, project.cooperative, VILLAGE, _("申报代建项目"))
    require_not_future(on)
    lock_cooperative(project.cooperative_id)
    require_under_cap(to_fen(project.total_investment or 0), _("申报"))
    for flag, who, when, label in (
            ("simple_engineering", "simple_engineering_confirmed_by", "simple_engineering_confirmed_on",
             _("属简易工程")),
            ("local_labour", "local_labour_confirmed_by", "local_labour_confirmed_on", _("能吸纳本地劳动力"))):
        if not getattr(project, flag) or not getattr(project, who).strip() or not getattr(project, when):
            raise RuleViolation(Rule.R5, _("代建项目须确认“%(label)s”,并写明确认人和确认日期") % {"label": label},
                                field=flag)
    if not (statement or "").strip():
        raise RuleViolation(Rule.R5, _("请填写申报理由与建设内容"), field="statement")
    project.status, project.created_by = S.APPLIED, by
    save_as(project, by)
    save_as(Application(project=project, statement=statement.strip(), on=on, recorded_by=by), by)
    return project


@transaction.atomic
def decide_project(*, project: Project, approved: bool, decided_by: str, on: date, by, document_number: str = "",
                   reason: str = "") -> Approval:
    """批复: the commissioning body's decision, recorded by the township officer or the county administrator on
    its behalf — never by the one who applied (R2)."""
    require_role(by, project, COMMISSIONING, _("登记项目批复"))
    project = lock_project(project)
    require_step(project, "approve")
    require_not_future(on)
    if project.application.recorded_by_id == by.pk:
        raise RuleViolation(Rule.R2, _("R2 四眼原则:%(u)s 申报了此项目,不能登记它的批复") % {"u": by.get_full_name()})
    if on < project.application.on:
        raise RuleViolation(Rule.R5, _("批复日期不能早于申报日期 %(d)s") % {"d": project.application.on}, field="on")
    if not approved and not reason.strip():
        raise RuleViolation(Rule.R5, _("不同意的批复必须写明理由"), field="reason")
    decision = Approval(project=project, on=on, recorded_by=by, decided_by=decided_by.strip(),
                        document_number=document_number.strip(), reason=reason.strip(),
                        decision=Approval.Decision.APPROVED if approved else Approval.Decision.REJECTED)
    save_as(decision, by)
    project.status = S.APPROVED if approved else S.REJECTED
    save_as(project, by)
    return decision


@transaction.atomic
def change_budget(*, project: Project, total_investment, by) -> Project:
    """调整总投资 (the commissioning body's decision, recorded by the township or the county): refused at 300,000 元
    or more with the approved variations (R5), and below what the contract already commits."""
    require_role(by, project, COMMISSIONING, _("调整项目总投资"))
    project = lock_project(project)
    if project.status in (S.ACCEPTED, S.SETTLED, S.AUDITED, S.REJECTED):
        raise RuleViolation(Rule.R5, _("%(p)s 已%(s)s,不能再调整总投资") % {
            "p": project.name, "s": project.get_status_display()})
    total = to_fen(total_investment)
    require_under_cap(total + queries.variations(project, pending=True), _("调整总投资"))
    contract = getattr(project, "contract", None)
    if total <= 0 or (contract is not None and total < contract.amount):
        raise RuleViolation(Rule.R5, _("总投资必须大于零,且不低于施工合同金额"), field="total_investment")
    project.total_investment = total
    return save_as(project, by)


@transaction.atomic
def record_entrustment(*, project: Project, upload, on: date, body_signatory: str, cooperative_signatory: str,
                       amount, by) -> Entrustment:
    """委托代建协议 with its scan, judged by its content (finance.operations.judge_scan, Rule.UPLOAD)."""
    require_role(by, project, VILLAGE, _("登记委托代建协议"))
    project = lock_project(project)
    require_step(project, "entrust")
    require_not_future(on)
    amount = to_fen(amount)
    if amount <= 0 or amount > queries.current_total(project):
        raise RuleViolation(Rule.R5, _("委托金额应大于零且不超过项目总投资 %(t)s") % {
            "t": yuan(queries.current_total(project))}, field="amount")
    scan = ledger_ops.judge_scan(upload)
    agreement = Entrustment(project=project, on=on, recorded_by=by, body_signatory=body_signatory.strip(),
                            cooperative_signatory=cooperative_signatory.strip(), amount=amount,
                            original_name=scan.original_name, content_type=scan.content_type, size=len(scan.data))
    agreement.file.save(f"scan.{scan.extension}", ContentFile(scan.data), save=False)
    save_as(agreement, by)
    project.status = S.ENTRUSTED
    save_as(project, by)
    return agreement


@dataclass(frozen=True)
class Bid:
    bidder: str
    price: Decimal
    leader: str = ""


@dataclass(frozen=True)
class Evaluator:
    name: str
    no_conflict: bool
    position: str = ""
    statement: str = ""


@transaction.atomic
def record_competition(*, project: Project, on: date, bids: list[Bid], selected: int, reason: str,
                       evaluators: list[Evaluator], by, method: str = "询价比选") -> Competition:
    """比选 (R5): at least the charter's minimum of quotes from different bidders, the selected one (`selected`, its
    index in `bids`) within the project's total, a reason, and every evaluator's conflict-of-interest statement —
    an evaluator who declares a conflict may not evaluate."""
    require_role(by, project, VILLAGE, _("登记比选"))
    project = lock_project(project)
    require_step(project, "compete")
    require_not_future(on)
    needed = min_quotes(project, on)
    bidders = {bid.bidder.strip() for bid in bids if bid.bidder.strip()}
    if len(bids) < needed or len(bidders) < len(bids):
        raise RuleViolation(Rule.R5, _("比选须有至少 %(n)s 家不同单位的报价,现有 %(k)s 家") % {
            "n": needed, "k": len(bidders)}, field="bids")
    if not 0 <= selected < len(bids):
        raise RuleViolation(Rule.R5, _("请选定一家报价单位"), field="selected")
    prices = [to_fen(bid.price) for bid in bids]
    if any(price <= 0 for price in prices):
        raise RuleViolation(Rule.R5, _("报价必须大于零"), field="bids")
    if prices[selected] > queries.current_total(project):
        raise RuleViolation(Rule.R5, _("中选报价 %(p)s 超过项目总投资 %(t)s") % {
            "p": yuan(prices[selected]), "t": yuan(queries.current_total(project))}, field="selected")
    if not reason.strip():
        raise RuleViolation(Rule.R5, _("请写明选定理由"), field="selection_reason")
    if not evaluators:
        raise RuleViolation(Rule.R5, _("比选须有评选人员并逐一签署利益冲突声明"), field="evaluators")
    conflicted = [e.name for e in evaluators if not e.no_conflict]
    if conflicted:
        raise RuleViolation(Rule.R5, _("评选人员 %(n)s 声明与报价单位有利害关系,应当回避,比选无效") % {
            "n": "、".join(conflicted)}, field="evaluators")
    competition = save_as(Competition(project=project, on=on, recorded_by=by, method=method, min_quotes=needed,
                                      selection_reason=reason.strip()), by)
    for index, (bid, price) in enumerate(zip(bids, prices, strict=True)):
        save_as(Quote(competition=competition, bidder=bid.bidder.strip(), leader=bid.leader.strip(), price=price,
                      selected=index == selected), by)
    for evaluator in evaluators:
        save_as(EvaluatorStatement(competition=competition, evaluator=evaluator.name.strip(),
                                   position=evaluator.position.strip(), no_conflict=True, signed_on=on,
                                   statement=evaluator.statement.strip() or _("本人与各报价单位无利害关系")), by)
    project.status = S.COMPETED
    save_as(project, by)
    return competition


@transaction.atomic
def record_contract(*, project: Project, on: date, amount, starts_on: date, ends_on: date, team_leader: str,
                    by) -> Contract:
    """施工合同 with the team the competition selected, for no more than its price and the project's total (R5)."""
    require_role(by, project, VILLAGE, _("登记施工合同"))
    project = lock_project(project)
    require_step(project, "contract")
    require_not_future(on)
    quote = project.competition.selected
    amount = to_fen(amount)
    if amount <= 0 or amount > quote.price:
        raise RuleViolation(Rule.R5, _("合同金额应大于零且不超过中选报价 %(p)s") % {"p": yuan(quote.price)},
                            field="amount")
    contract = save_as(Contract(project=project, quote=quote, on=on, recorded_by=by, team=quote.bidder,
                                team_leader=(team_leader or quote.leader).strip(), amount=amount,
                                starts_on=starts_on, ends_on=ends_on), by)
    project.status = S.CONTRACTED
    save_as(project, by)
    return contract
