"""The county summary on the dashboard of those who may read it (the county's roles, the township officer)."""

from django.utils.translation import gettext as _

from coop.dashboard import Item, panel
from county_summary.views import summary_url
from finance.reports.summary import may_see


@panel
def county_summary(request):
    if not may_see(request.user):
        return []
    return [Item(_("县级汇总表(调研报告口径)"), _("查看"), summary_url())]
