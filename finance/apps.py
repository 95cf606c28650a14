from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("村级账务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from coop import approvals, demo
        from finance.operations import lock_village_books

        demo.register_part("finance.demo.open_books", order=10)  # each pilot village's ledger, before 期初股金
        demo.register_part("finance.demo.seed", order=30)  # opening balances (with 期初股金), the year's vouchers
        demo.register_part("finance.demo.bank_statements", order=95)  # November's, after the months before it
        # Last: every part has posted its 2026 history (loans, interest) before the months are reconciled and closed.
        demo.register_part("finance.demo.close_months", order=90)
        approvals.declare_books_lock(lock_village_books)
