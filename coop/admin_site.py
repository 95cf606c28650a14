"""The one admin site, titled for the user's county, with a dashboard per role as its index."""

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coop import dashboard
from coop.login import LoginForm


class CoopAdminSite(admin.AdminSite):
    site_title = _("村级扶贫互助合作社")
    index_title = _("工作台")
    index_template = "admin/coop_index.html"
    enable_nav_sidebar = True
    site_url = None  # the admin is the whole application; there is no separate public site to link to
    login_form = LoginForm

    def each_context(self, request):
        context = super().each_context(request)
        context["site_header"] = self.header_for(request)
        return context

    def header_for(self, request) -> str:
        from coop.models import County

        user = getattr(request, "user", None)
        county = None
        if user is not None and user.is_authenticated and user.home_county_id:
            county = County.objects.filter(pk=user.home_county_id).only("name").first()
        elif user is not None and user.is_authenticated:
            county = County.objects.only("name").first()
        if county is None:
            return str(settings.COOP_SITE_SUFFIX)
        return _("%(county)s村级扶贫互助合作社管理系统") % {"county": county.name}

    def get_app_list(self, request, app_label=None):
        """Models in the order their admins were registered (county → township → village …), not by the
        alphabetical order of their Chinese names, which means nothing to a clerk."""
        order = {model._meta.object_name: i for i, model in enumerate(self._registry)}
        apps = super().get_app_list(request, app_label)
        for app in apps:
            app["models"].sort(key=lambda m: order.get(m["object_name"], len(order)))
        return apps

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "dashboard": dashboard.build(request)}
        return super().index(request, extra_context)
