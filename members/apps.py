from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("社员与股金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import charter_rules, demo
        from finance import operations as ledger_ops
        from members import charter_rules as share_rules
        from members import operations

        ledger_ops.declare_openings(operations.SHARES_BOOK, operations.opening_lines)
        charter_rules.declare(self.name, check=share_rules.check, records=share_rules.records)
        demo.register_part("members.demo.seed", order=20)  # needs the ledger: 期初股金 before its opening balances
        demo.register_part("members.demo.pay_ins", order=40)  # needs the opening balances: each posts a voucher

        from county_summary import registry as county_summary
        from members import county_figures

        for figure in county_figures.FIGURES:  # the county summary's lines (the field report's figures)
            county_summary.declare(figure)
