from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("项目代建")

    def ready(self):
        from coop import demo

        demo.register_part("projects.demo.seed", order=40)  # needs the members (workers) and the books
