"""The villagers' pages of a village, walked link by link as a phone would: every page answers, no link leaves the
village's own pages, and no page shows anything of another village or any personal number — not the ID numbers of
its people, not a villager's phone, not a bank account, even where a clerk or a villager typed one into a text."""

import re
from datetime import date

import pytest
from django.urls import reverse

from coop.roles import Role
from disclosure import operations
from members import operations as mem
from members.models import Person
from tests import builders
from tests.disclosure.helpers import committee, publish_quarter

ACCOUNT_NUMBER = "6222021234567890123"


@pytest.fixture
def two_villages(world):
    officer, chair = world.users[Role.TOWNSHIP_OFFICER], world.users[Role.CHAIRMAN]
    chair12 = builders.account("chair12", Role.CHAIRMAN, village=world.v12)
    for village, by, first in ((world.v11, chair, 1), (world.v12, chair12, 50)):
        books = builders.ledger(village, officer)
        builders.posted(books, date(2026, 2, 1), [("102", "debit", "3000"),
                                                  ("503", "credit", "3000", f"补助 转入账号{ACCOUNT_NUMBER}")],
                        preparer=by, approver=officer)
        for n in range(first, first + 3):
            household = mem.register_household(village=village, number=f"{n:03d}", is_registered_poor=True, by=by)
            mem.register_person(household=household, name=f"村民{n}", id_number=builders.id_number(n), by=by,
                                phone=f"1370000{n:04d}")
    world.sheets = {}
    for village, by in ((world.v11, chair), (world.v12, chair12)):
        member = committee(village)
        first = publish_quarter(world, village, member, chair=by)
        correction = operations.correct(disclosure=first, by=by, reason=f"更正 联系13991234567 {ACCOUNT_NUMBER}")
        operations.sign_off(disclosure=correction, members=[member], by=officer, on=date(2026, 4, 10))
        operations.publish(disclosure=correction, by=by, posted_on=date(2026, 4, 12))
        second = publish_quarter(world, village, member, number=2, chair=by)
        question = operations.ask(disclosure=second, name="王大伯13812345678", phone="13812345678",
                                  text=f"我身份证{builders.id_number(7)},电话13812345678,卡号{ACCOUNT_NUMBER}")
        operations.reply(question=question, text="已电话联系13812345678说明", by=by)
        operations.draft(village=village, period="year", year=2026, by=by)  # a draft: never public
        world.sheets[village.pk] = [first, correction, second]
    return world


def walk(client, start: str) -> dict[str, str]:
    """Every page reachable from `start` through the links on the pages, by address."""
    seen, queue = {}, [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = page = response.content.decode()
        for link in re.findall(r'href="([^"#]+)', page):
            queue.append(link)
    return seen


@pytest.mark.parametrize(("mine", "theirs"), [("v11", "v12"), ("v12", "v11")])
def test_walking_a_villages_public_pages_finds_nothing_of_another_village_and_no_personal_number(
        two_villages, client, mine, theirs):
    w = two_villages
    village, other = getattr(w, mine), getattr(w, theirs)
    pages = walk(client, reverse("disclosure_public:village", args=[village.code]))
    own = {d.pk for d in w.sheets[village.pk]}
    reached = {int(m) for url in pages for m in re.findall(rf"^/gk/{village.code}/(\d+)/$", url)}
    assert reached == own  # every published sheet, the correction too, and no draft
    people = [number for row in Person.objects.values_list("id_number", "phone") for number in row]
    for url, page in pages.items():
        assert url.startswith(f"/gk/{village.code}/"), url
        assert other.name not in page and other.code not in page, url
        for d in w.sheets[other.pk]:
            assert f"/{d.pk}/" not in page or d.pk in own, url
        assert "/admin" not in page
        for number in [*people, ACCOUNT_NUMBER, "13812345678", "13991234567"]:
            assert number not in page, (url, number)
        text = re.sub(r"<[^>]+>", " ", page).replace(",", "")
        assert not re.search(r"\d{11,}", text), url  # no phone, ID or account number in full, whoever typed it
