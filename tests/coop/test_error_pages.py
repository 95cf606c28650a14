"""Every error page speaks Chinese and shows the way back, with DEBUG off as in production; a report refuses a bad
parameter with a 400 that names it, never a 500 or an English page; the 500 page needs neither database nor request."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from coop.roles import Role
from tests import builders

WAY_BACK = "返回工作台"


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@pytest.fixture
def books(world):
    world.ledger = builders.ledger(world.v11, world.users[Role.TOWNSHIP_OFFICER])
    return world


def _report(world, key="trial-balance", **params):
    return reverse("finance:report", args=[world.v11.code, key]), params


@pytest.mark.parametrize(("params", "named"), [
    ({"year": "2026", "month": "13"}, "月份:确保该值小于或等于12"),
    ({"year": "abc", "month": "11"}, "年度:输入整数"),
    ({"year": "2026", "month": "0"}, "月份:确保该值大于或等于1"),
])
def test_a_report_refuses_a_bad_parameter_with_a_chinese_400(books, client_for, params, named):
    url, _ = _report(books)
    response = client_for(books.users[Role.TOWNSHIP_OFFICER]).get(url, params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求有误" in page and named in page and WAY_BACK in page
    assert "Not Found" not in page and "Bad Request" not in page


def test_a_general_bad_request_shows_no_internal_message(client, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    response = Client(HTTP_HOST="evil.example").get("/admin/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求有误" in page and "evil.example" not in page


def test_an_unknown_page_is_a_chinese_404(books, client_for):
    response = client_for(books.users[Role.CHAIRMAN]).get(_report(books, key="no-such-report")[0])
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and WAY_BACK in page and "Not Found" not in page


def test_a_forbidden_page_is_a_chinese_403(books, client_for):
    response = client_for(books.users[Role.INSPECTOR]).get(_report(books)[0])
    assert response.status_code == 403
    page = response.content.decode()
    assert "没有权限" in page and WAY_BACK in page and "Forbidden" not in page


def test_a_failed_csrf_check_is_a_chinese_403(books):
    client = Client(enforce_csrf_checks=True)
    client.force_login(books.users[Role.CHAIRMAN])
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and WAY_BACK in page and "CSRF verification failed" not in page


def test_a_crash_is_a_chinese_500(books, client_for, monkeypatch):
    from coop import admin_site

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(admin_site.dashboard, "build", crash)
    client = client_for(books.users[Role.CHAIRMAN])
    client.raise_request_exception = False
    response = client.get(reverse("admin:index"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错" in page and WAY_BACK in page and "boom" not in page and "Server Error" not in page


def test_the_500_page_needs_no_database_and_no_request():
    """No `db` fixture: pytest-django refuses any query this rendering would make."""
    page = render_to_string("500.html")
    assert "系统出错" in page and WAY_BACK in page
