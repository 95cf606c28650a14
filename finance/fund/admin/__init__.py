"""互助资金 admin pages. Every save and every button goes through finance.fund.operations; refusals show as the
rule's words on the page. The servicing and report pages live in their own modules beside these."""

from finance.fund.admin import capital, carry_over, groups, loans, servicing, setup

__all__ = ["capital", "carry_over", "groups", "loans", "servicing", "setup"]
