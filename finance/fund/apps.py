from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "finance.fund"
    label = "fund"
    verbose_name = _("互助资金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import charter_rules, demo
        from finance.fund import accounts, summary
        from finance.fund import charter_rules as fund_rules
        from finance.fund.operations import carry_over
        from finance.operations import declare_openings
        from finance.queries import declare_figures

        charter_rules.declare(self.name, records=fund_rules.records)
        declare_figures(summary.FIGURES, heading=self.verbose_name)  # the books summary's 业务台账 table
        declare_openings(accounts.BOOK, carry_over.opening_lines)  # the paper books' capital and loans out
        demo.register_part("finance.fund.demo.carry_over", order=25)  # after the members, before the openings
        demo.register_part("finance.fund.demo.seed", order=36)  # needs the books and the members' households

        from county_summary import registry as county_summary
        from finance.fund import county_figures

        for figure in county_figures.FIGURES:  # the county summary's lines (the field report's figures)
            county_summary.declare(figure)
