"""A refused login says plainly what happened, how many failures lock the login and for how long, and whom to
call; the dashboard's empty 最近动作 box says there is nothing yet, not "无可选的"."""

import re

from django.urls import reverse

from coop.roles import Role


def _error_notes(response):
    return [re.sub(r"\s+", " ", note).strip()
            for note in re.findall(r'<p class="errornote">(.*?)</p>', response.content.decode(), re.S)]


def test_a_wrong_password_names_the_lockout_and_whom_to_call(world, client, settings):
    response = client.post(reverse("admin:login"), {"username": "officer1", "password": "wrong"})
    assert response.status_code == 200
    notes = _error_notes(response)
    assert notes == [f"用户名或密码不正确(密码区分大小写)。连续输错 {settings.AXES_FAILURE_LIMIT} 次,"
                     "这个账号从本地址登录将被锁定 30 分钟。忘记密码或已被锁定,请联系镇财政所或县级管理员。"]
    assert "  " not in notes[0] and " 和密码" not in notes[0]


def test_the_lockout_figures_follow_the_settings(world, client, settings):
    from datetime import timedelta

    settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME = 3, timedelta(minutes=45)
    response = client.post(reverse("admin:login"), {"username": "officer1", "password": "wrong"})
    assert "连续输错 3 次" in _error_notes(response)[0] and "锁定 45 分钟" in _error_notes(response)[0]


def test_an_empty_recent_actions_box_says_no_record_yet(world, client_for):
    page = client_for(world.users[Role.CHAIRMAN]).get(reverse("admin:index")).content.decode()
    assert "暂无操作记录" in page and "无可选的" not in page
