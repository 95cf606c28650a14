"""Where project money sits in the village's books (docs/design/projects.md has the sources and the confidence).

* Money received from the commissioning body: Dr the project bank account (BankPurpose.PROJECT) / Cr 231NN
  一事一议资金—<project> for 一事一议 money with its 财政奖补, or 241NN 专项应付款—<project> for other earmarked state
  money. Project money is not income.
* Every payment (wages, rents, materials, the works): Dr 153NN 在建工程—<project> / Cr the project bank account.
* Acceptance: Dr 151 固定资产 when the work forms an asset, else Dr 514 公益支出 / Cr 153NN, for its whole balance.
* Settlement: Dr 231NN or 241NN / Cr 311 公积公益金 for the funded part (what was received, up to the final cost).

NN is the project's own two digits (`Project.ledger_code`), the same under 153, 231 and 241, opened the first time
the project posts; those sub-accounts are kept by this register only (finance's managed accounts). 151, 514 and 311
are the chart's standard accounts; the asset register (projects.models.Asset) is the detail of what 151 holds.
"""

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from finance import operations as ledger_ops
from finance import queries as ledger_queries
from projects.models import Project

BOOK = "项目代建"  # the ledger accounts only this register may post to (Account.managed_by)
WORK_IN_PROGRESS = "153"
FIXED_ASSETS = "151"
PUBLIC_WELFARE = "514"
RESERVE = "311"
FUNDS = {Project.Funding.ONE_MATTER: ("231", _("一事一议资金")), Project.Funding.EARMARKED: ("241", _("专项应付款"))}


def bank(project: Project):
    """The project bank account the township designated for the village (one per village for now)."""
    return ledger_queries.bank_account(project.village, ledger_queries.BankPurpose.PROJECT)


def work_in_progress(project: Project, by):
    return _own(project, WORK_IN_PROGRESS, _("在建工程"), by)


def funds(project: Project, by):
    parent, label = FUNDS[project.funding]
    return _own(project, parent, label, by)


def _own(project: Project, parent: str, label: str, by):
    """The project's sub-account under `parent`, opened the first time (by township staff, who approve postings)."""
    code = parent + _ledger_code(project)
    return ledger_ops.managed_account(village=project.village, code=code, name=f"{project.name}"[:50],
                                      parent_code=parent, book=BOOK, by=by)


def _ledger_code(project: Project) -> str:
    """The project's two digits: given at its first posting, the first pair free under 153, 231 and 241 alike."""
    if project.ledger_code:
        return project.ledger_code
    taken = {account.code for account in ledger_queries.chart(ledger_queries.ledger_of(project.village))}
    for number in range(1, 100):
        pair = f"{number:02d}"
        if not any(f"{parent}{pair}" in taken for parent in (WORK_IN_PROGRESS, "231", "241")):
            project.ledger_code = pair
            project.save(update_fields=["ledger_code"])
            return pair
    raise RuleViolation(Rule.LEDGER, _("%(v)s 的在建工程明细科目已用满 99 个,请镇财政所整理科目") % {
        "v": project.village})
