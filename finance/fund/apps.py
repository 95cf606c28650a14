from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "finance.fund"
    label = "fund"
    verbose_name = _("互助资金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import demo
        from finance import summary
        from finance.fund.summary import FIGURES

        summary.declare_figures(FIGURES)
        demo.register_part("finance.fund.demo.seed", order=30)  # needs the books and the members' households
