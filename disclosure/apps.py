from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("财务公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from disclosure import sections

        sections.declare_defaults()
