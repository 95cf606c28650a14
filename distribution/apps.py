from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("收益分配")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import charter_rules, demo
        from distribution import charter_records, sections  # noqa: F401  (the member page's dividends)

        charter_rules.declare(self.name, records=charter_records.records)
        demo.register_part("distribution.demo.seed", order=50)  # needs the books' carried surplus and the members
