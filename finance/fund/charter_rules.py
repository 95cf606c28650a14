"""The fund's say on a version of the cooperative's charter (coop.charter_rules), declared by FundConfig.ready.
The charter carries the cooperative-wide loan ceilings (互助资金单笔借款上限, 借款最长期限) that every loan keeps
as they stood on its application date (finance.fund.operations.eligibility). So a version with loans applied
for in its period is never edited, and no amendment takes effect before a loan already applied for: a loan's
ceilings never change under it. Nothing else in a new version can contradict a loan, so no `check` is declared."""

from django.utils.translation import gettext as _

from finance.fund.models import Loan


def records(cooperative, start, end) -> str:
    loans = Loan.objects.filter(fund__cooperative=cooperative, applied_on__gte=start)
    if end is not None:
        loans = loans.filter(applied_on__lt=end)
    n = loans.count()
    return _("互助资金借款 %(n)s 笔") % {"n": n} if n else ""
