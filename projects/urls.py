from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from projects import reports

app_name = "projects"

urlpatterns = [
    path("reports/overview/", staff_member_required(reports.overview_view), name="overview"),
    path("reports/register/", staff_member_required(reports.register_view), name="register"),
    path("<int:pk>/file/", staff_member_required(reports.project_file_view), name="file"),
    path("payments/<int:payment_pk>/payroll/", staff_member_required(reports.payroll_view), name="payroll"),
]
