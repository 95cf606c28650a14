from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from finance.fund.reports import report_view, schedule_view

app_name = "fund"
urlpatterns = [
    path("reports/<slug:key>/", staff_member_required(report_view), name="report"),
    path("loans/<int:loan_pk>/schedule/", staff_member_required(schedule_view), name="schedule"),
]
