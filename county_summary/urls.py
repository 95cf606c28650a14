from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from county_summary.views import summary_view

app_name = "county_summary"
urlpatterns = [path("", staff_member_required(summary_view), name="summary")]
