from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path

from disclosure.views import sheet_view

app_name = "disclosure"
urlpatterns = [path("<int:pk>/", staff_member_required(sheet_view), name="sheet")]
