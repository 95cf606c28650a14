from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from finance.fund.printing import collection_view, contract_view, receipt_view

app_name = "fundprint"
urlpatterns = [
    path("contract/<int:loan_pk>/", staff_member_required(contract_view), name="contract"),
    path("receipt/<int:repayment_pk>/", staff_member_required(receipt_view), name="receipt"),
    path("collection/<int:group_pk>/<str:on>/", staff_member_required(collection_view), name="collection"),
]
