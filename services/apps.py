from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("专业服务组织")

    def ready(self):
        from coop import demo
        from county_summary import registry
        from services import county_figures

        # Not in the books summary's 业务台账 table (a module declaring them was removed as dead code): with the
        # fund's and the projects' columns a third register no longer fits 1280 px; the services' figures are in
        # the county summary and the services' own reports.
        for figure in county_figures.FIGURES:
            registry.declare(figure)
        demo.register_part("services.demo.seed", order=46)  # after projects: needs the members and the books
