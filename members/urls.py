from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from members.imports.views import import_view
from members.reports import certificate_view, report_view

app_name = "members"
urlpatterns = [
    path("import/", staff_member_required(import_view), name="import"),
    path("<str:village_code>/<slug:key>/", staff_member_required(report_view), name="report"),
    path("<str:village_code>/certificate/<int:member_pk>/", staff_member_required(certificate_view),
         name="certificate"),
]
