"""A distribution's way through the pages: the chairman prepares the 2025 plan and records the assembly's vote with
its minutes, the township officer approves it (the voucher posts), and the dividend sheet shows, prints as PDF and
keeps its table inside the window."""

import io
import subprocess
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from PIL import Image

from distribution.models import DistributionPlan
from finance import operations as fin
from tests.browser.conftest import box, shot
from tests.distribution.conftest import dist  # noqa: F401  the distribution's world, built on this package's `world`


def _open_through_today(b):
    today = timezone.localdate()
    while b.ledger.periods.order_by("-year", "-month").values_list("year", "month").first() < (today.year,
                                                                                              today.month):
        fin.open_period(ledger=b.ledger, by=b.officer)


def test_the_chairman_prepares_the_township_approves_and_the_sheet_prints(dist, page_as, tmp_path):  # noqa: F811
    b = dist
    _open_through_today(b)
    chair = page_as(b.chair)
    chair.goto(chair.base + reverse("admin:distribution_distributionplan_add"))
    chair.select_option("#id_cooperative", str(b.coop.pk))
    chair.fill("#id_year", "2025")
    chair.fill("#id_record_date", "2025-12-31")
    shot(chair, "distribution-1-plan")
    with chair.expect_navigation():
        chair.click("input[name=_save]")
    plan = DistributionPlan.objects.get()
    assert plan.dividend_pool == 24000

    scan = tmp_path / "会议记录.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 60), "white").save(buffer, format="PNG")
    scan.write_bytes(buffer.getvalue())
    chair.goto(chair.base + reverse("admin:distribution_distributionplan_assembly", args=[plan.pk]))
    chair.fill("#id_on", "2026-03-15")
    chair.fill("#id_attendance", "4")
    chair.fill("#id_votes_for", "3")
    chair.fill("#id_votes_against", "1")
    chair.set_input_files("#id_minutes", str(scan))
    with chair.expect_navigation():
        chair.locator("form input[type=submit]").last.click()
    plan.refresh_from_db()
    assert plan.assembly_passed

    officer = page_as(b.officer)
    officer.goto(officer.base + reverse("admin:distribution_distributionplan_change", args=[plan.pk]))
    shot(officer, "distribution-2-approval")
    with officer.expect_navigation():
        officer.locator("button", has_text="审批入账").click()
    plan.refresh_from_db()
    assert plan.status == DistributionPlan.Status.APPROVED and plan.voucher.status == "posted"

    officer.goto(officer.base + reverse("distribution:sheet", args=[plan.pk]))
    shot(officer, "distribution-3-sheet")
    text = officer.locator("body").inner_text()
    assert "社员分红表" in text and "24,000.00" in text and "社员签字" in text
    table = box(officer, "table.coop-report-table")
    width = officer.evaluate("document.documentElement.clientWidth")
    assert table["x"] >= 0 and table["x"] + table["width"] <= width

    pdf = officer.request.get(officer.base + reverse("distribution:sheet", args=[plan.pk]) + "?format=pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    out = Path(tmp_path) / "sheet.pdf"
    out.write_bytes(pdf.body())
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(out), str(tmp_path / "sheet")], check=True)
    assert list(tmp_path.glob("sheet*.png"))
