"""质询: a villager asks on the public page of a published disclosure (no login; CSRF, length, markup and a rate
limit per address guard the door), the chairman or the township replies within the county's deadline, the reply is
published beside the question, and questions past the deadline show on the township's and the auditor's dashboards."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coop.dashboard import build
from coop.errors import RuleViolation
from coop.roles import Role
from disclosure import operations
from disclosure.models import Question
from tests.disclosure.helpers import committee, publish_quarter


@pytest.fixture
def sheet(world):
    world.member = committee(world.v11)
    world.sheet = publish_quarter(world, world.v11, world.member)
    return world


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(9)))


def page_of(client, w, disclosure=None):
    disclosure = disclosure or w.sheet
    return client.get(reverse("disclosure_public:sheet", args=[disclosure.village.code, disclosure.pk]))


def ask_url(w):
    return reverse("disclosure_public:ask", args=[w.v11.code, w.sheet.pk])


def test_a_villager_asks_on_the_phone_page_and_the_chairmans_reply_is_published_beside_it(sheet, client):
    response = client.post(ask_url(sheet), {"text": "保洁费收了多少户?", "name": "王大伯", "phone": "139-9123-4567"})
    assert response.status_code == 302 and response["Location"].endswith("?asked=1#questions")
    question = Question.objects.get()
    assert question.phone == "13991234567" and question.deadline == timezone.localdate() + timedelta(days=10)
    page = page_of(client, sheet).content.decode()
    assert "保洁费收了多少户?" in page and "王大伯" in page and "待答复" in page
    assert "13991234567" not in page and "9123" not in page  # the phone is for calling back, never published
    operations.reply(question=question, text="共收取86户,名单在村委会可查。", by=sheet.users[Role.CHAIRMAN])
    page = page_of(client, sheet).content.decode()
    assert "共收取86户,名单在村委会可查。" in page and "待答复" not in page


@pytest.mark.parametrize(("fields", "field"), [
    ({"text": ""}, "text"),
    ({"text": "长" * 501}, "text"),
    ({"text": "<script>alert(1)</script>看看"}, "text"),
    ({"text": '<a href="http://spam.example">点我</a>'}, "text"),
    ({"text": "问一下", "name": "<b>王</b>"}, "name"),
    ({"text": "问一下", "name": "名" * 21}, "name"),
    ({"text": "问一下", "phone": "call me"}, "phone"),
])
def test_hostile_or_empty_input_is_refused_and_nothing_is_saved(sheet, client, fields, field):
    with pytest.raises(RuleViolation) as refused:
        operations.ask(disclosure=sheet.sheet, **fields)
    assert refused.value.field == field
    response = client.post(ask_url(sheet), fields)
    assert response.status_code == 400
    assert "gk-error" in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not Question.objects.exists()


def test_the_question_form_needs_its_csrf_token(sheet):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(ask_url(sheet), {"text": "问一下"})
    assert response.status_code == 403 and not Question.objects.exists()
    page = page_of(strict, sheet)
    token = page.cookies["csrftoken"].value
    response = strict.post(ask_url(sheet), {"text": "问一下", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and Question.objects.count() == 1


def test_a_draft_or_another_villages_address_takes_no_question(sheet, client):
    draft = operations.draft(village=sheet.v11, period="year", year=2026, by=sheet.users[Role.CHAIRMAN])
    with pytest.raises(RuleViolation):
        operations.ask(disclosure=draft, text="问一下")
    assert client.post(reverse("disclosure_public:ask", args=[sheet.v11.code, draft.pk]),
                       {"text": "问一下"}).status_code == 404
    assert client.post(reverse("disclosure_public:ask", args=[sheet.v12.code, sheet.sheet.pk]),
                       {"text": "问一下"}).status_code == 404
    assert client.get(ask_url(sheet)).status_code == 405
    assert not Question.objects.exists()


def test_questions_past_the_limit_of_an_address_get_429_in_chinese(sheet, client, settings):
    settings.DISCLOSURE_RATE_LIMITS = {"ask": (2, 3600)}
    for n in range(2):
        assert client.post(ask_url(sheet), {"text": f"第{n}个问题"}).status_code == 302
    refused = client.post(ask_url(sheet), {"text": "第三个问题"})
    assert refused.status_code == 429 and "访问太频繁" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert Question.objects.count() == 2
    other = client.post(ask_url(sheet), {"text": "别处来的"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302  # the limit is per address


def test_the_public_pages_answer_429_past_the_page_limit(sheet, client, settings):
    settings.DISCLOSURE_RATE_LIMITS = {"page": (3, 60)}
    urls = [reverse("disclosure_public:village", args=[sheet.v11.code]),
            reverse("disclosure_public:sheet", args=[sheet.v11.code, sheet.sheet.pk])]
    answers = [client.get(urls[n % 2]).status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]  # the cached list counts too


def test_the_deadline_is_the_countys_rule_in_force_on_the_day_asked(sheet):
    admin = sheet.users[Role.COUNTY_ADMIN]
    first = operations.ask(disclosure=sheet.sheet, text="问一", at=at(date(2026, 4, 21)))
    assert first.deadline == date(2026, 5, 1)  # 10 days until the county sets its own
    operations.set_reply_deadline(by=admin, county=sheet.c1, days=7, effective_from=date(2026, 5, 1))
    second = operations.ask(disclosure=sheet.sheet, text="问二", at=at(date(2026, 5, 2)))
    before = operations.ask(disclosure=sheet.sheet, text="问三", at=at(date(2026, 4, 30)))
    first.refresh_from_db()
    assert (first.deadline, second.deadline, before.deadline) == (date(2026, 5, 1), date(2026, 5, 9),
                                                                  date(2026, 5, 10))
    with pytest.raises(PermissionDenied):  # another county's administrator, or a township, may not set it
        operations.set_reply_deadline(by=sheet.admin2, county=sheet.c1, days=5, effective_from=date(2026, 6, 1))
    with pytest.raises(PermissionDenied):
        operations.set_reply_deadline(by=sheet.users[Role.TOWNSHIP_OFFICER], county=sheet.c1, days=5,
                                      effective_from=date(2026, 6, 1))
    with pytest.raises(RuleViolation):
        operations.set_reply_deadline(by=admin, county=sheet.c1, days=0, effective_from=date(2026, 6, 1))


def test_only_the_village_or_its_township_replies_and_only_once(sheet):
    question = operations.ask(disclosure=sheet.sheet, text="问一下")
    for outsider in (sheet.chair21, sheet.officer2, sheet.users[Role.AUDITOR], sheet.users[Role.COUNTY_ADMIN]):
        with pytest.raises(PermissionDenied):
            operations.reply(question=question, text="答", by=outsider)
    for bad in ("", "<b>答</b>", "答" * 1001):
        with pytest.raises(RuleViolation):
            operations.reply(question=question, text=bad, by=sheet.users[Role.TOWNSHIP_OFFICER])
    operations.reply(question=question, text="已答复", by=sheet.users[Role.TOWNSHIP_OFFICER])
    with pytest.raises(RuleViolation):
        operations.reply(question=question, text="改一下", by=sheet.users[Role.CHAIRMAN])
    question.refresh_from_db()
    assert question.reply == "已答复"


@pytest.mark.postgres
def test_the_database_keeps_a_reply_and_every_question(sheet):
    question = operations.ask(disclosure=sheet.sheet, text="问一下")
    operations.reply(question=question, text="已答复", by=sheet.users[Role.CHAIRMAN])
    with pytest.raises(DatabaseError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(reply="改过")
    with pytest.raises(DatabaseError), transaction.atomic():
        Question.objects.filter(pk=question.pk).delete()


def test_the_reply_through_the_admin_form(sheet, client_for):
    question = operations.ask(disclosure=sheet.sheet, text="问一下", phone="13991234567")
    client = client_for(sheet.users[Role.CHAIRMAN])
    url = reverse("admin:disclosure_question_change", args=[question.pk])
    page = client.get(url).content.decode()
    assert "13991234567" in page  # the village calls back
    assert client.post(url, {"reply": ""}).status_code == 200  # refused beside the field
    assert client.post(url, {"reply": "已核实,见村委会公示栏。"}).status_code == 302
    question.refresh_from_db()
    assert question.reply == "已核实,见村委会公示栏。" and question.replied_by == sheet.users[Role.CHAIRMAN]
    assert client.post(url, {"reply": "改了"}).status_code == 403  # answered: read-only
    auditor = client_for(sheet.users[Role.AUDITOR]).get(url).content.decode()
    assert "13991234567" not in auditor and "139****4567" in auditor
    assert client_for(sheet.chair21).get(url).status_code == 302  # another village: not found, back to the list


def test_overdue_questions_show_on_the_township_and_auditor_dashboards(sheet, rf, django_assert_max_num_queries):
    operations.ask(disclosure=sheet.sheet, text="早就问了", at=at(timezone.localdate() - timedelta(days=30)))
    operations.ask(disclosure=sheet.sheet, text="刚问")

    def items(user):
        request = rf.get("/admin/")
        request.user = user
        board = build(request)
        return {str(i.label): i.value for i in board["todos"] + board["figures"]}

    officer, auditor = items(sheet.users[Role.TOWNSHIP_OFFICER]), items(sheet.users[Role.AUDITOR])
    assert officer["逾期未答复的村民质询"] == 1 and officer["待答复的村民质询"] == 2
    assert auditor["逾期未答复的村民质询"] == 1 and "待答复的村民质询" not in auditor
    assert not items(sheet.officer2).get("逾期未答复的村民质询")  # another township's: none
    from disclosure.panels import disclosures
    request = rf.get("/admin/")
    request.user = sheet.users[Role.AUDITOR]
    with django_assert_max_num_queries(1):
        disclosures(request)


def test_the_public_page_costs_the_same_queries_for_one_question_and_fifty(sheet, client,
                                                                           django_assert_max_num_queries):
    operations.ask(disclosure=sheet.sheet, text="问一")
    page_of(client, sheet)
    with django_assert_max_num_queries(6):
        assert page_of(client, sheet).status_code == 200
    for n in range(49):
        operations.reply(question=operations.ask(disclosure=sheet.sheet, text=f"问{n}"), text="答",
                         by=sheet.users[Role.CHAIRMAN])
    with django_assert_max_num_queries(6):
        assert "问48" in page_of(client, sheet).content.decode()
