from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("help/", include("coop.help_views")),
    path("ledger/", include("finance.urls")),
    path("fund/", include("finance.fund.urls")),
    path("members/", include("members.urls")),
    path("bankloan/", include("finance.bankloan.urls")),
    path("fund/print/", include("finance.fund.print_urls")),
    path("projects/", include("projects.urls")),
    path("services/", include("services.urls")),
    path("distribution/", include("distribution.urls")),
    path("county-summary/", include("county_summary.urls")),
    path("gk/", include("disclosure.public_urls")),
    path("disclosure/", include("disclosure.urls")),
    path("supervision/", include("supervision.urls")),
]

handler400 = "coop.error_pages.bad_request"
