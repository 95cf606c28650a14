from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "finance.fund"
    label = "fund"
    verbose_name = _("互助资金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import charter_rules, demo
        from finance.fund import charter_rules as fund_rules

        charter_rules.declare(self.name, records=fund_rules.records)
        # finance.fund.summary.FIGURES is ready for the books summary (finance.queries.declare_figures) and tested
        # there, but the county table must first show the registers' figures in a table of their own: with them a
        # village no longer fits one line at 1280 px (tests/browser/test_books_summary.py).
        demo.register_part("finance.fund.demo.seed", order=36)  # needs the books and the members' households
