from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("村级账务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import approvals, demo
        from finance.operations import lock_village_books

        demo.register_part("finance.demo.seed", order=10)  # each pilot village's books
        demo.register_part("finance.demo.close_months", order=90)  # after every part has posted its 2026 history
        approvals.declare_books_lock(lock_village_books)
