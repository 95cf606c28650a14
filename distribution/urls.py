from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from distribution import reports

app_name = "distribution"

urlpatterns = [
    path("plans/<int:pk>/sheet/", staff_member_required(reports.sheet_view), name="sheet"),
    path("plans/<int:pk>/minutes/", staff_member_required(reports.minutes_view), name="minutes"),
]
