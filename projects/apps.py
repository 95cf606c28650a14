from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("项目代建")

    def ready(self):
        from coop import demo
        from finance import queries
        from projects.summary import FIGURES

        queries.declare_figures(FIGURES)  # projects' columns in the county and township books summary
        demo.register_part("projects.demo.seed", order=45)  # needs the members (workers) and the books
