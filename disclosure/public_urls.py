"""The villagers' pages: no login, read-only but for a question, published disclosures only (一村一码)."""

from django.urls import path

from disclosure.views import public_ask, public_list, public_sheet

app_name = "disclosure_public"
urlpatterns = [
    path("<str:village_code>/", public_list, name="village"),
    path("<str:village_code>/<int:pk>/", public_sheet, name="sheet"),
    path("<str:village_code>/<int:pk>/ask/", public_ask, name="ask"),
]
