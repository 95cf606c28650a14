from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "coop.jobs"
    label = "jobs"
    verbose_name = _("后台任务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        autodiscover_modules("report_jobs")  # each app's renderers register themselves
