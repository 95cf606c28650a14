"""The county administrator and the township officer at the organisation's records, in a real browser: a charter
change that contradicts the share register is refused on the form; a cadre's term is ended with its reason."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from coop.queries import current_charter
from coop.roles import Role
from members import operations as mem
from members.models import CadreTerm
from tests.browser.conftest import box, choose, shot


def test_the_county_cannot_lower_a_charters_maximum_below_a_members_holding(books, page_as):
    charter = current_charter(books.k11)
    page = page_as(books.users[Role.COUNTY_ADMIN])
    assert page.goto(page.base + reverse("admin:coop_charter_change", args=[charter.pk])).status == 200
    page.fill("#id_max_shares", "5")
    with page.expect_navigation() as navigation:
        page.click("input[name=_save]")
    assert navigation.value.status == 200
    text = " ".join(page.locator(".errorlist").all_inner_texts())
    shot(page, "charter-1-edit-refused")
    assert "新增一个版本" in text, text  # a version shares were moved under is never edited in place
    assert box(page, ".errornote")["width"] > 600

    page.goto(page.base + reverse("admin:coop_charter_add"))
    choose(page, "cooperative", "桑园村")
    for field, value in {"adopted_on": "2026-11-20", "effective_from": "2026-11-20", "dividend_ratio": "60",
                         "development_ratio": "20", "accumulation_ratio": "20", "max_shares": "5"}.items():
        page.fill(f"#id_{field}", value)
    with page.expect_navigation() as navigation:
        page.click("input[name=_save]")
    assert navigation.value.status == 200
    text = " ".join(page.locator(".errorlist").all_inner_texts())
    shot(page, "charter-2-amendment-refused")
    assert "12" in text and "5" in text, text  # the amendment names the holding it would contradict
    assert books.k11.charters.count() == 1
    charter.refresh_from_db()
    assert charter.max_shares == 100


def test_a_township_officer_ends_a_cadres_term_and_the_list_shows_it(books, page_as):
    officer = books.users[Role.TOWNSHIP_OFFICER]
    term = mem.record_cadre_term(village=books.v11, person=books.person, post=CadreTerm.Post.COMMITTEE_DIRECTOR,
                                 start=date(2016, 1, 1), by=officer)
    page = page_as(officer)
    page.goto(page.base + reverse("admin:members_cadreterm_changelist"))
    with page.expect_navigation():
        page.locator(f"a[href='{reverse('admin:members_cadreterm_end', args=[term.pk])}']").click()
    assert page.input_value("#id_on") == timezone.localdate().isoformat()  # today, shown by the date picker
    page.fill("#id_on", "2018-12-31")
    page.fill("#id_reason", "换届")
    with page.expect_navigation():
        page.locator("form button[type=submit], form input[type=submit]").last.click()
    term.refresh_from_db()
    assert term.end == date(2018, 12, 31) and term.end_reason == "换届"
    page.goto(page.base + reverse("admin:members_cadreterm_changelist"))
    shot(page, "cadre-1-term-ended")
    row = page.locator("#result_list tbody tr").first
    assert "已离任" in row.inner_text() and "换届" in row.inner_text()
    assert box(page, "#result_list")["width"] > 600


def test_a_chairman_cannot_reach_the_page_that_ends_a_term(books, page_as):
    term = mem.record_cadre_term(village=books.v11, person=books.person, post=CadreTerm.Post.COMMITTEE_DIRECTOR,
                                 start=date(2016, 1, 1), by=books.users[Role.TOWNSHIP_OFFICER])
    page = page_as(books.users[Role.CHAIRMAN])
    assert page.goto(page.base + reverse("admin:members_cadreterm_end", args=[term.pk])).status == 403
