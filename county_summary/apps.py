from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountySummaryConfig(AppConfig):
    """县级汇总表: no models; the apps declare their figures into county_summary.registry from their ready()."""

    name = "county_summary"
    verbose_name = _("县级汇总")

    def ready(self):
        from county_summary import figures, registry

        registry.declare(figures.COOPERATIVES)
