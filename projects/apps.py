from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("项目代建")

    def ready(self):
        from coop import charter_rules, demo
        from projects import charter_records

        charter_rules.declare(self.name, records=charter_records.records)

        # projects.summary.FIGURES is ready for the books summary (finance.queries.declare_figures), but with the
        # fund's columns the county table no longer fits a 1280 px screen on one line a village: it waits for the
        # summary to show the registers' figures in a table of their own.
        demo.register_part("projects.demo.seed", order=45)  # needs the members (workers) and the books
