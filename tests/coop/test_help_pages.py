"""帮助: each role's header link opens its own guide, rendered from docs/guide with raw HTML escaped, links between
guides (and to headings) kept working, and an index of every guide."""

import re

import pytest
from django.urls import reverse

from coop import guides
from coop.roles import Role


@pytest.mark.parametrize(("role", "title"), [
    (Role.TOWNSHIP_OFFICER, "镇财政所会计使用指南"),
    (Role.CHAIRMAN, "合作社理事长使用指南"),
    (Role.AUDITOR, "县审计(纪检)使用指南"),
    (Role.INSPECTOR, "行业部门检查人员使用指南"),
    (Role.COUNTY_ADMIN, "县级管理员使用指南"),
])
def test_each_roles_help_link_opens_its_guide(world, client_for, role, title):
    client = client_for(world.users[role])
    dashboard = client.get(reverse("admin:index")).content.decode()
    link = re.search(r'<a href="([^"]+)" class="coop-help-link">帮助</a>', dashboard)
    assert link, "no 帮助 link in the header"
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert re.search(rf"<h1 id=\"[^\"]+\">{re.escape(title)}</h1>", page.content.decode())
    assert "社员与股金使用指南" in page.content.decode()  # the index of the others


def test_the_index_lists_every_guide(world, client_for):
    page = client_for(world.users[Role.CHAIRMAN]).get(reverse("help:index")).content.decode()
    for guide in guides.GUIDES:
        assert reverse("help:guide", args=[guide.slug]) in page


def test_links_between_guides_point_to_their_pages_and_headings(world, client_for):
    page = client_for(world.users[Role.TOWNSHIP_OFFICER]).get(reverse("help:guide", args=["township-officer"]))
    html = page.content.decode()
    assert 'href="/help/members/"' in html and "members.md" not in html
    target = re.search(r'href="/help/chairman/#([^"]+)"', html)
    from urllib.parse import unquote

    chairman = client_for(world.users[Role.TOWNSHIP_OFFICER]).get("/help/chairman/").content.decode()
    assert f'id="{unquote(target.group(1))}"' in chairman
    assert "<td>" in html and "<br>" in html  # tables, and the one hand-written tag


def test_a_link_outside_the_guides_keeps_only_its_text(world, client_for):
    html = client_for(world.users[Role.COUNTY_ADMIN]).get("/help/county-admin/").content.decode()
    assert "operations.md" in html and "../operations.md" not in html


def test_raw_html_in_a_guide_is_escaped(tmp_path, monkeypatch):
    hostile = "# 指南\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
    (tmp_path / "chairman.md").write_text(hostile, encoding="utf-8")
    monkeypatch.setattr(guides, "GUIDE_DIR", tmp_path)
    guides._render.cache_clear()
    try:
        html = guides.render("chairman")
    finally:
        guides._render.cache_clear()
    assert "<script>" not in html and "<img" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;" in html


def test_an_unknown_guide_is_a_404(world, client_for):
    assert client_for(world.users[Role.CHAIRMAN]).get("/help/operations/").status_code == 404


def test_help_needs_a_login(client):
    response = client.get(reverse("help:guide", args=["chairman"]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
