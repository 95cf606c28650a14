from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "finance.fund"
    label = "fund"
    verbose_name = _("互助资金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import charter_rules, demo
        from finance import queries
        from finance.fund import charter_rules as fund_rules
        from finance.fund.summary import FIGURES

        charter_rules.declare(self.name, records=fund_rules.records)
        queries.declare_figures(FIGURES)
        demo.register_part("finance.fund.demo.seed", order=36)  # needs the books and the members' households
