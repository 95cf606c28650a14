"""Deployment settings and login throttling."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from coop.roles import Role
from tests.builders import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_values():
    env = {**os.environ, "DEBUG": "False", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "coop.liuba.gov.cn"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["SECRET_KEY"] = ""
    result = subprocess.run([sys.executable, "-c", "import django, os; os.environ.setdefault("
                             "'DJANGO_SETTINGS_MODULE', 'coop.settings'); django.setup()"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_repository_holds_no_secret_key():
    text = (ROOT / "coop" / "settings.py").read_text()
    assert "django-insecure" not in text
    assert not (ROOT / ".env").exists() or ".env" in (ROOT / ".gitignore").read_text()


def login(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_login_for_a_finite_time(world, client):
    limit = settings.AXES_FAILURE_LIMIT
    assert timedelta(0) < settings.AXES_COOLOFF_TIME <= timedelta(hours=24)
    for _ in range(limit):
        login(client, "chair11", "wrong")
    locked = login(client, "chair11", PASSWORD)
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    # once the cool-off has passed, the right password works again
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time
                                 - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert login(client, "chair11", PASSWORD).status_code == 302


def test_a_lock_on_one_login_does_not_lock_another(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "chair11", "wrong")
    assert login(client, "chair21", PASSWORD).status_code == 302


def test_the_county_admin_sees_locked_logins_on_the_dashboard_and_can_lift_them(world, client, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "chair11", "wrong")
    admin_client = client_for(world.users[Role.COUNTY_ADMIN])
    page = admin_client.get(reverse("admin:index"))
    todo = {item.label: item.value for item in page.context["dashboard"]["todos"]}
    assert todo["被锁定的登录"] == 1
    attempt = AccessAttempt.objects.get(username="chair11")
    response = admin_client.post(reverse("admin:coop_loginattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    admin_client.logout()
    assert login(client, "chair11", PASSWORD).status_code == 302


@pytest.mark.parametrize("header", ["Content-Security-Policy", "X-Frame-Options",
                                    "X-Content-Type-Options"])
def test_pages_carry_security_headers(client, db, header):
    assert header in client.get(reverse("admin:login")).headers


def test_behind_a_proxy_a_lock_holds_one_client_not_the_whole_county(world, client, settings):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "chair11", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="61.185.1.1")
    from_elsewhere = client.post(reverse("admin:login"), {"username": "chair11", "password": PASSWORD},
                                 REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="61.185.2.2")
    assert from_elsewhere.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "61.185.1.1"


def test_a_lock_stops_counting_once_the_cool_off_has_run_out(world, client, client_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "chair11", "wrong")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time
                                 - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    page = client_for(world.users[Role.COUNTY_ADMIN]).get(reverse("admin:index"))
    assert "被锁定的登录" not in {str(i.label) for i in page.context["dashboard"]["todos"]}


def test_guesses_at_unknown_names_show_to_county_admins_but_a_login_stays_in_its_county(world, client, client_for):
    login(client, "root", "guess")
    login(client, "chair11", "wrong")
    seen = {}
    for admin_user in (world.users[Role.COUNTY_ADMIN], world.admin2):
        page = client_for(admin_user).get(reverse("admin:coop_loginattempt_changelist"))
        seen[admin_user.username] = {a.username for a in page.context["cl"].queryset}
    assert seen == {"admin1": {"root", "chair11"}, "admin2": {"root"}}


def settings_under(**values):
    """coop.settings as a fresh process reads it with these environment values."""
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "coop.liuba.gov.cn", **values}
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'coop.settings'; django.setup(); "
            "from django.conf import settings as s; print(bool(s.SECURE_CSP), bool(s.SECURE_CSP_REPORT_ONLY))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def test_production_settings_enforce_the_csp():
    result = settings_under(DEBUG="False")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_report_only_csp_is_refused_in_production_and_allowed_when_debugging():
    refused = settings_under(DEBUG="False", CSP_REPORT_ONLY="True")
    assert refused.returncode != 0 and "CSP_REPORT_ONLY" in refused.stderr
    debugging = settings_under(DEBUG="True", CSP_REPORT_ONLY="True")
    assert debugging.returncode == 0 and debugging.stdout.split() == ["False", "True"]


def test_admin_pages_carry_the_enforced_policy(world, client_for):
    page = client_for(world.users[Role.CHAIRMAN]).get(reverse("admin:index"))
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in page


def test_no_template_runs_inline_script_the_policy_would_block():
    """The enforced policy runs only script files: no inline <script> body, no on… handler, no javascript: link."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
    found = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in (ROOT / "templates").rglob("*.html")
             for match in inline.finditer(path.read_text())]
    assert found == []


def test_the_export_page_binds_select_all_from_a_script_file(world, client_for):
    page = client_for(world.users[Role.AUDITOR]).get(reverse("admin:members_person_export"))
    assert page.status_code == 200 and "coop/export_fields.js" in page.text
