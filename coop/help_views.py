"""帮助: the role guides as pages of the admin, for every logged-in user; the index lists them all."""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from coop import guides


def _page(request, *, title, body="", current=None):
    context = {**admin.site.each_context(request), "title": title, "guides": guides.GUIDES, "current": current,
               "own": guides.guide_for(request.user), "body": body}
    return render(request, "coop/guide.html", context)


@staff_member_required
def index(request):
    return _page(request, title=_("帮助"))


@staff_member_required
def guide(request, slug: str):
    found = guides.BY_SLUG.get(slug)
    if found is None:
        raise Http404(_("没有这份指南"))
    # guides.render escapes any raw HTML in the Markdown: what it returns is markup it built itself.
    return _page(request, title=found.title, body=mark_safe(guides.render(slug)), current=found)


app_name = "help"
urlpatterns = [
    path("", index, name="index"),
    path("<slug:slug>/", guide, name="guide"),
]
