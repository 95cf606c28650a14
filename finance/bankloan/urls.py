from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from finance.bankloan.reports import claim_form_view, statement_view

app_name = "bankloan"
urlpatterns = [
    path("<str:village_code>/statement/", staff_member_required(statement_view), name="statement"),
    path("claim/<int:pk>/form/", staff_member_required(claim_form_view), name="claim_form"),
]
