from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from finance.bank.views import reconcile_view
from finance.imports.views import import_view
from finance.reports.summary import summary_view
from finance.reports.views import report

app_name = "finance"
urlpatterns = [
    path("summary/", staff_member_required(summary_view), name="books_summary"),
    path("<str:village_code>/reports/<slug:key>/", staff_member_required(report), name="report"),
    path("<str:village_code>/bank-reconciliation/", staff_member_required(reconcile_view), name="bank"),
    path("<str:village_code>/import/", staff_member_required(import_view), name="import"),
]
