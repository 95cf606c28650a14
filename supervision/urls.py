from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from supervision import reports

app_name = "supervision"
urlpatterns = [
    path("reports/<slug:key>/", staff_member_required(reports.report_view), name="report"),
    path("reports/<slug:key>/job/", staff_member_required(reports.job_view), name="report_job"),
]
