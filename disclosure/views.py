"""The sheet for the notice board (staff: screen and A4 PDF, a draft as a marked preview) and the villagers' pages
(public, no login, phone first, rate-limited per address): both render the frozen snapshot, so they show exactly the
same figures. Villagers leave questions on the public page; the replies are published beside them."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_POST

from coop import access
from coop.errors import DOMAIN_ERRORS, show_on_form
from coop.models import Village
from coop.reports import pdf_response, render_pdf_template
from disclosure import operations, qr, queries
from disclosure.forms import QuestionForm
from disclosure.models import Disclosure
from disclosure.throttle import rate_limited


def public_url(request, disclosure: Disclosure) -> str:
    return request.build_absolute_uri(reverse("disclosure_public:sheet", args=[disclosure.village.code,
                                                                              disclosure.pk]))


def sheet_context(request, disclosure: Disclosure) -> dict:
    data = disclosure.snapshot or operations.snapshot(disclosure)
    url = public_url(request, disclosure)
    return {"disclosure": disclosure, "data": data, "draft": disclosure.snapshot is None,
            "published": disclosure.is_published, "public_url": url, "qr": qr.svg(url)}


def sheet_view(request, pk: int):
    if not access.allows(request.user, access.VIEW, Disclosure):
        raise PermissionDenied
    disclosure = get_object_or_404(access.visible(request.user, Disclosure.objects.select_related("village")), pk=pk)
    context = sheet_context(request, disclosure)
    if request.GET.get("format") == "pdf":
        return pdf_response(render_pdf_template("disclosure/sheet_pdf.html", context), disclosure.title)
    # an admin page: it needs the admin's own context (site title, the user's links) like every report's screen
    return render(request, "disclosure/sheet_screen.html", {**admin.site.each_context(request), **context,
                                                            "title": disclosure.title})


PUBLIC_CACHE_SECONDS = 300


@rate_limited("page")
@cache_page(PUBLIC_CACHE_SECONDS)
def public_list(request, village_code: str):
    village = get_object_or_404(Village, code=village_code)
    published = Disclosure.objects.filter(village=village, status=Disclosure.Status.PUBLISHED).order_by(
        "-posted_on", "-pk")
    return render(request, "disclosure/public_list.html", {"village": village, "disclosures": published})


def _published(village_code: str, pk: int) -> Disclosure:
    disclosure = get_object_or_404(Disclosure.objects.select_related("village__township"), pk=pk,
                                   village__code=village_code)
    if not disclosure.is_published:
        raise Http404
    return disclosure


def _public_page(request, disclosure: Disclosure, form: QuestionForm, status: int = 200):
    """The snapshot (its sections cached by the template, they never change) and the questions, read fresh."""
    return render(request, "disclosure/public_sheet.html", {
        "disclosure": disclosure, "data": disclosure.snapshot, "form": form,
        "asked": request.GET.get("asked") == "1",
        "reply_days": queries.reply_days(disclosure.village.township.county_id, timezone.localdate()),
        "questions": disclosure.questions.order_by("asked_at", "pk").only(
            "name", "text", "asked_at", "deadline", "reply", "replied_at", "disclosure_id"),
        "corrected_by": disclosure.corrections.filter(status=Disclosure.Status.PUBLISHED).first()}, status=status)


@rate_limited("page")
def public_sheet(request, village_code: str, pk: int):
    return _public_page(request, _published(village_code, pk), QuestionForm())


@require_POST
@rate_limited("page")
@rate_limited("ask")
def public_ask(request, village_code: str, pk: int):
    disclosure = _published(village_code, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            operations.ask(disclosure=disclosure, **form.cleaned_data)
        except DOMAIN_ERRORS as exc:
            show_on_form(form, exc)
        else:
            return redirect(reverse("disclosure_public:sheet", args=[village_code, pk]) + "?asked=1#questions")
    return _public_page(request, disclosure, form, status=400)
