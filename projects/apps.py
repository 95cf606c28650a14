from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("项目代建")

    def ready(self):
        from coop import charter_rules, demo
        from finance.queries import declare_figures
        from projects import charter_records, summary

        charter_rules.declare(self.name, records=charter_records.records)

        declare_figures(summary.FIGURES, heading=self.verbose_name)  # the books summary's 业务台账 table
        demo.register_part("projects.demo.seed", order=45)  # needs the members (workers) and the books

        from county_summary import registry as county_summary
        from projects import county_figures

        for figure in county_figures.FIGURES:  # the county summary's lines (the field report's figures)
            county_summary.declare(figure)
