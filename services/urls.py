from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from services import reports

app_name = "services"

urlpatterns = [
    path("reports/", staff_member_required(reports.report_view), name="village"),
    path("reports/<str:name>/", staff_member_required(reports.report_view), name="report"),
    path("payrolls/<int:pk>/sheet/", staff_member_required(reports.payroll_view), name="payroll"),
    path("receipts/<int:pk>/print/", staff_member_required(reports.receipt_view), name="receipt"),
]
