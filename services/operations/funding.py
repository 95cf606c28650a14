"""Sanitation funding (the county's yearly standard; the fiscal allocation and the collective subsidy recorded and
approved) and the e-commerce team's 代购代销 (commission kept as income, the rest paid by bank — R1)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from coop import approvals
from coop.errors import Rule, RuleViolation
from coop.history import save_as
from coop.limits import require_number, require_year
from coop.models import Cooperative, County, Village
from coop.money import to_fen
from coop.role_checks import require_scope, require_village_hand
from coop.roles import Role
from coop.validators import bank_account_number
from finance import operations as ledger_ops
from members.models import Person
from services import accounts
from services.models import AgencyTrade, SanitationFunding, SanitationStandard, ServiceOrganisation
from services.operations._common import (
    lock_cooperative,
    lock_organisation,
    require_active,
    require_not_future,
    require_villager,
)
from services.operations.fees import source


@transaction.atomic
def set_sanitation_standard(*, county: County, size: str, amount, effective_from: date, by) -> SanitationStandard:
    """The county sets what a large or a small village needs a year for sanitation, from a date on."""
    if by.role != Role.COUNTY_ADMIN:
        raise RuleViolation(Rule.R2, _("R2 权限:只有县级管理员可以设定环境卫生经费标准"))
    require_scope(by, county, _("设定环境卫生经费标准"))
    if size not in Village.Size.values:
        raise RuleViolation(Rule.SERVICES, _("村规模须为大村或小村"), field="size")
    amount = require_number(amount, _("标准"), rule=Rule.SERVICES, field="amount")
    if to_fen(amount or 0) <= 0:
        raise RuleViolation(Rule.SERVICES, _("标准须大于零"), field="amount")
    if SanitationStandard.objects.filter(county=county, size=size, effective_from=effective_from).exists():
        raise RuleViolation(Rule.SERVICES, _("该日期已有此规模村的标准"), field="effective_from")
    return save_as(SanitationStandard(county=county, size=size, amount=to_fen(amount), effective_from=effective_from),
                   by)


@transaction.atomic
def record_sanitation_funding(*, cooperative: Cooperative, year: int, source_kind: str, on: date, amount, by,
                              document: str = "") -> SanitationFunding:
    """财政拨款 or 集体积累补贴 for the village's sanitation in `year`; the township approves (fiscal money posts)."""
    require_village_hand(by, cooperative, _("登记环境卫生经费"))
    lock_cooperative(cooperative.pk)
    year = require_year(year, rule=Rule.SERVICES)
    require_not_future(on)
    if source_kind not in SanitationFunding.Source.values:
        raise RuleViolation(Rule.SERVICES, _("来源须为财政拨款或集体积累补贴"), field="source")
    amount = require_number(amount, _("金额"), rule=Rule.SERVICES, field="amount")
    if to_fen(amount or 0) <= 0:
        raise RuleViolation(Rule.SERVICES, _("金额须大于零"), field="amount")
    return save_as(SanitationFunding(cooperative=cooperative, year=year, source=source_kind, on=on,
                                     amount=to_fen(amount), document=(document or "").strip(), recorded_by=by), by)


@transaction.atomic
def approve_sanitation_funding(*, funding: SanitationFunding, by) -> SanitationFunding:
    """The fiscal allocation posts Dr the basic bank account / Cr 50399 环境卫生财政补助; the collective subsidy is the
    village's decision to spend its own accumulation, approved without a voucher."""
    lock_cooperative(funding.cooperative_id)
    village = funding.cooperative.village

    def post(locked: SanitationFunding):
        if locked.source != SanitationFunding.Source.FISCAL:
            return None
        return ledger_ops.post_entry(
            village=village, on=locked.on, summary=_("%(y)s年环境卫生财政拨款") % {"y": locked.year},
            prepared_by=locked.recorded_by, approved_by=by, attachments=1, source=source(locked), lines=[
                ledger_ops.Line.debit(accounts.bank(village), locked.amount),
                ledger_ops.Line.credit(accounts.sanitation_subsidy(village, by), locked.amount)])

    return approvals.approve(funding, by=by, post=post)


@transaction.atomic
def record_trade(*, organisation: ServiceOrganisation, kind: str, person: Person, goods: str, on: date, gross,
                 commission, counterparty: str, pay_to: str = "", pay_account: str, by) -> AgencyTrade:
    """代购代销 for a villager of the village, by the e-commerce team: the commission is below the amount; the rest is
    paid by bank transfer to the account given (the villager's for a sale, the supplier's for a purchase)."""
    organisation = lock_organisation(organisation, by, _("登记代购代销"))
    if organisation.category != ServiceOrganisation.Category.ECOMMERCE:
        raise RuleViolation(Rule.SERVICES, _("只有电子商务服务组织办理代购代销"), field="organisation")
    require_not_future(on)
    require_active(organisation, on)
    require_villager(organisation, person, "person", _("代购代销的委托人"))
    gross = require_number(gross, _("成交金额"), rule=Rule.SERVICES, field="gross")
    commission = require_number(commission, _("佣金"), rule=Rule.SERVICES, field="commission")
    gross, commission = to_fen(gross or 0), to_fen(commission or 0)
    if gross <= 0 or commission < 0 or commission >= gross:
        raise RuleViolation(Rule.SERVICES, _("成交金额须大于零,佣金不得为负且须小于成交金额"), field="commission")
    account = bank_account_number(pay_account)
    if account is None:
        raise RuleViolation(Rule.R1, _("须填写收款银行账号(8 到 30 位数字):余款只能转账,不付现金"),
                            field="pay_account")
    if kind not in AgencyTrade.Kind.values:
        raise RuleViolation(Rule.SERVICES, _("类型须为代购或代销"), field="kind")
    pay_to = (pay_to or "").strip() or (person.name if kind == AgencyTrade.Kind.SALE else counterparty.strip())
    return save_as(AgencyTrade(organisation=organisation, kind=kind, person=person, goods=(goods or "").strip(), on=on,
                               gross=gross, commission=commission, counterparty=(counterparty or "").strip(),
                               pay_to=pay_to, pay_account=account, recorded_by=by), by)


@transaction.atomic
def approve_trade(*, trade: AgencyTrade, by) -> AgencyTrade:
    """One voucher: the money in (Dr bank / Cr 211NN the rest, Cr 501NN the commission), and the rest paid out by
    bank to `pay_account` (Dr 211NN / Cr bank)."""
    organisation = lock_organisation(trade.organisation, by, _("审批代购代销"))

    def post(locked: AgencyTrade):
        village, net = organisation.village, locked.net
        payable = accounts.payable(organisation, by)
        received = _("%(k)s%(g)s收款(%(p)s)") % {"k": locked.get_kind_display(), "g": locked.goods,
                                                "p": locked.person.name}
        paid = _("转付%(to)s %(acct)s") % {"to": locked.pay_to, "acct": locked.pay_account}
        lines = [ledger_ops.Line.debit(accounts.bank(village), locked.gross, received[:100]),
                 ledger_ops.Line.credit(payable, net, received[:100]),
                 ledger_ops.Line.debit(payable, net, paid[:100]),
                 ledger_ops.Line.credit(accounts.bank(village), net, paid[:100])]
        if locked.commission:
            lines.insert(2, ledger_ops.Line.credit(accounts.income(organisation, by), locked.commission,
                                                   _("代购代销佣金")))
        return ledger_ops.post_entry(village=village, on=locked.on, summary=received[:100],
                                     prepared_by=locked.recorded_by, approved_by=by, attachments=1,
                                     source=source(locked), lines=lines)

    return approvals.approve(trade, by=by, post=post)
