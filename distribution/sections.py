"""The member's page shows the member's dividends (members.sections): year, shares on the record date, amount,
whether it is paid."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from coop.money import yuan
from distribution import queries
from distribution.reports import payment_status
from members import sections


@sections.register
def member_dividends(member) -> str:
    dividends = list(queries.member_dividends(member))
    if not dividends:
        return ""
    return format_html('<div class="distribution-member-dividends"><strong>{}</strong><ul>{}</ul></div>',
                       _("收益分红"), format_html_join("", "<li>{}年度 · {}股 · {} · {}</li>", (
                           (d.plan.year, d.shares, yuan(d.amount), payment_status(d)) for d in dividends)))
