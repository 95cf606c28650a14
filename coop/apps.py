from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class CoopAdminConfig(AdminConfig):
    """Django's admin with the county's own site (coop.admin_site.CoopAdminSite) as the default site."""

    default_site = "coop.admin_site.CoopAdminSite"


class CoopConfig(AppConfig):
    name = "coop"
    verbose_name = _("组织机构")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import access, checks, dashboard  # noqa: F401  (checks register themselves)

        access.load_rights()
        dashboard.load_panels()
