from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("财务公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import demo
        from disclosure import sections

        sections.declare_defaults()
        # last of all: the sheets freeze the figures the other parts leave (the months closed, November's bank)
        demo.register_part("disclosure.demo.seed", order=98)  # before supervision, after every register
