from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankLoanConfig(AppConfig):
    name = "finance.bankloan"
    label = "bankloan"
    verbose_name = _("贴息贷款")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import demo

        demo.register_part("finance.bankloan.demo.seed", order=35)  # needs the books and their bank account

        from county_summary import registry as county_summary
        from finance.bankloan import county_figures

        for figure in county_figures.FIGURES:  # the county summary's lines (the field report's figures)
            county_summary.declare(figure)
