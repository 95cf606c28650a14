from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("社员与股金")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from finance import operations as ledger_ops
        from members import operations

        ledger_ops.declare_openings(operations.SHARES_BOOK, operations.opening_lines)
