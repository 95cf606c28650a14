"""The sheet for the notice board (staff: screen and A4 PDF, a draft as a marked preview) and the villagers' page
(public, no login, phone first): both render the frozen snapshot, so they show exactly the same figures."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import cache_page

from coop import access
from coop.models import Village
from coop.reports import pdf_response, render_pdf_template
from disclosure import operations, qr
from disclosure.models import Disclosure


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
    return render(request, "disclosure/sheet_screen.html", context)


PUBLIC_CACHE_SECONDS = 300


@cache_page(PUBLIC_CACHE_SECONDS)
def public_list(request, village_code: str):
    village = get_object_or_404(Village, code=village_code)
    published = Disclosure.objects.filter(village=village, status=Disclosure.Status.PUBLISHED).order_by(
        "-posted_on", "-pk")
    return render(request, "disclosure/public_list.html", {"village": village, "disclosures": published})


@cache_page(PUBLIC_CACHE_SECONDS)
def public_sheet(request, village_code: str, pk: int):
    disclosure = get_object_or_404(Disclosure.objects.select_related("village"), pk=pk,
                                   village__code=village_code)
    if not disclosure.is_published:
        raise Http404
    return render(request, "disclosure/public_sheet.html", {
        "disclosure": disclosure, "data": disclosure.snapshot,
        "corrected_by": disclosure.corrections.filter(status=Disclosure.Status.PUBLISHED).first()})
