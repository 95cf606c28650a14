"""F2: a disclosure year typed with a digit too many (20266) is refused when the draft is made — the admin's add
form answers 200 with the message beside the year and creates nothing (so no sheet or sign-off can later fail on
date(20266, …)), and the draft operation refuses it when called directly."""

import re

import pytest
from django.urls import reverse

from coop.errors import Rule, RuleViolation
from coop.roles import Role
from disclosure import operations
from disclosure.models import Disclosure

TYPO = 20266


def test_the_disclosure_add_form_refuses_year_20266(world, client_for):
    response = client_for(world.users[Role.CHAIRMAN]).post(reverse("admin:disclosure_disclosure_add"), {
        "kind": "periodic", "village": world.v11.pk, "period": "year", "year": str(TYPO), "number": 0})
    page = response.content.decode()
    year_error = re.search(r'<ul class="errorlist" id="id_year_error"><li>(.*?)</li>', page)
    assert response.status_code == 200 and year_error and "不在 2000 到 2100 之间" in year_error.group(1)
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize(("period", "number"), [("year", 0), ("quarter", 2)])
def test_the_draft_operation_refuses_year_20266(world, period, number):
    with pytest.raises(RuleViolation) as refused:
        operations.draft(village=world.v11, period=period, year=TYPO, number=number,
                         by=world.users[Role.CHAIRMAN])
    assert refused.value.rule == Rule.DISCLOSURE and refused.value.field == "year"
    assert not Disclosure.objects.exists()
