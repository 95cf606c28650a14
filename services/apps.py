from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("专业服务组织")

    def ready(self):
        from coop import demo
        from county_summary import registry
        from finance.queries import declare_figures
        from services import county_figures, summary

        declare_figures(summary.FIGURES, heading=self.verbose_name)  # the books summary's 业务台账 table
        for figure in county_figures.FIGURES:
            registry.declare(figure)
        demo.register_part("services.demo.seed", order=46)  # after projects: needs the members and the books
