"""Where the service organisations' money sits in the village's books (R1: all of it in the village's bank account).

* A service fee received: Dr the basic bank account (BankPurpose.BASIC) / Cr 501NN 经营收入—<organisation>.
* The month's management fee the organisation pays the cooperative: Dr 501NN / Cr 50199 经营收入—服务组织管理费.
  Both stay village income; the split shows what the organisation earned net and what the cooperative charged.
* Pay (wages, rents): Dr 511NN 经营支出—<organisation> for an operating one, 514NN 公益支出—<organisation> for a
  public-welfare one / Cr the basic bank account.
* 代购代销: the money received for a villager: Dr bank / Cr 211NN 应付款—<organisation>代购代销 (the villager's part)
  and Cr 501NN (the commission); the villager's part paid to the villager's bank account: Dr 211NN / Cr bank.
* Sanitation's fiscal allocation: Dr bank / Cr 50399 补助收入—环境卫生财政补助.

NN is the organisation's own two digits (ServiceOrganisation.ledger_code, 01–98), the same under 501, 511, 514 and
211, given the first time it posts; 99 under 501 and 503 is this register's own. All are kept by this register
only (finance's managed accounts)."""

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from finance import operations as ledger_ops
from finance import queries as ledger_queries
from services.models import ServiceOrganisation

BOOK = "服务组织"
INCOME, OPERATING_COST, WELFARE_COST, PAYABLE = "501", "511", "514", "211"
SUBSIDY = "503"
OWN = "99"
PARENTS = (INCOME, OPERATING_COST, WELFARE_COST, PAYABLE)


def bank(village):
    """The village's basic bank account: service money is collective income, never kept in cash (R1)."""
    return ledger_queries.bank_account(village, ledger_queries.BankPurpose.BASIC)


def income(organisation: ServiceOrganisation, by):
    return _own(organisation, INCOME, by)


def cost(organisation: ServiceOrganisation, by):
    return _own(organisation, OPERATING_COST if organisation.is_operating else WELFARE_COST, by)


def payable(organisation: ServiceOrganisation, by):
    return _own(organisation, PAYABLE, by, _("%(o)s代购代销") % {"o": organisation.name})


def management_fees(village, by):
    return ledger_ops.managed_account(village=village, code=INCOME + OWN, name=_("服务组织管理费"),
                                      parent_code=INCOME, book=BOOK, by=by)


def sanitation_subsidy(village, by):
    return ledger_ops.managed_account(village=village, code=SUBSIDY + OWN, name=_("环境卫生财政补助"),
                                      parent_code=SUBSIDY, book=BOOK, by=by)


def _own(organisation: ServiceOrganisation, parent: str, by, name: str = ""):
    """The organisation's sub-account under `parent`, opened the first time (by the township staff who approve)."""
    return ledger_ops.managed_account(village=organisation.village, code=parent + ledger_code(organisation),
                                      name=(name or organisation.name)[:50], parent_code=parent, book=BOOK, by=by)


def ledger_code(organisation: ServiceOrganisation) -> str:
    """The organisation's two digits: given at its first posting, the first pair free under 501, 511, 514 and 211."""
    if organisation.ledger_code:
        return organisation.ledger_code
    taken = {account.code for account in ledger_queries.chart(ledger_queries.ledger_of(organisation.village))}
    used = set(ServiceOrganisation.objects.filter(cooperative=organisation.cooperative_id)
               .exclude(ledger_code="").values_list("ledger_code", flat=True))
    for number in range(1, 99):
        pair = f"{number:02d}"
        if pair not in used and not any(f"{parent}{pair}" in taken for parent in PARENTS):
            organisation.ledger_code = pair
            organisation.save(update_fields=["ledger_code"])
            return pair
    raise RuleViolation(Rule.LEDGER, _("%(v)s 的服务组织明细科目已用满,请镇财政所整理科目") % {
        "v": organisation.village})
