"""A model's own refusal, met in a real browser: shown beside the form in Chinese, never a server error."""

from django.urls import reverse

from coop.roles import Role
from members import operations as mem
from members.models import Person
from tests.browser.conftest import box, choose, shot


def test_a_chairman_entering_an_id_already_registered_sees_why_on_the_form(world, page_as):
    chair = world.users[Role.CHAIRMAN]
    household = mem.register_household(village=world.v11, number="001", by=chair)
    mem.register_person(household=household, name="张三", id_number="11010519491231002X", by=chair)

    page = page_as(chair)
    response = page.goto(page.base + reverse("admin:members_person_add"))
    assert response.status == 200
    choose(page, "household", "001")
    page.fill("#id_name", "张三")
    page.fill("#id_id_number", "11010519491231002x")
    page.select_option("#id_relation", "spouse")
    with page.expect_navigation() as navigation:
        page.click("input[name=_save]")
    assert navigation.value.status == 200
    shot(page, "person-1-id-already-registered")
    errors = page.locator(".errorlist").all_inner_texts()
    assert any("11010519491231002X" in text and "已登记" in text for text in errors), errors
    error, field = box(page, ".field-id_number .errorlist"), box(page, "#id_id_number")
    assert error["height"] < 2 * 24, error  # one line, not squeezed into a column a character wide
    assert error["y"] < field["y"] and abs(error["x"] - field["x"]) < 5  # right above the input it concerns
    assert Person.objects.count() == 1
