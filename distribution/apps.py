from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("收益分配")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import charter_rules, demo
        from county_summary import registry
        from disclosure import sections as disclosure_sections
        from distribution import charter_records, public_figures, sections  # noqa: F401  (sections: member page)

        charter_rules.declare(self.name, records=charter_records.records)
        for figure in public_figures.COUNTY_FIGURES:
            registry.declare(figure)
        disclosure_sections.declare(public_figures.SECTION)
        demo.register_part("distribution.demo.seed", order=50)  # needs the books' carried surplus and the members
