"""One translation of domain errors into messages (coop.errors.explain), and no door answering 500 to them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from coop.errors import Rule, RuleViolation, explain, explain_text, rule_of
from coop.models import County
from coop.roles import Role
from members import operations as mem
from members.models import Person


def test_a_refusal_names_its_rule_and_carries_it_as_a_code():
    exc = RuleViolation(Rule.R4B, "李桂芳 是 张德明的配偶")
    assert exc.rule is Rule.R4B and exc.code == "R4b"
    assert explain(exc) == ["R4b 李桂芳 是 张德明的配偶"]
    assert rule_of(exc) is Rule.R4B


def test_a_rule_code_outside_the_enumeration_is_a_programming_error():
    with pytest.raises(ValueError):
        RuleViolation("R9", "no such rule")


def test_bookkeeping_refusals_are_not_prefixed_with_their_code():
    assert explain(RuleViolation(Rule.LEDGER, "借贷不平衡")) == ["借贷不平衡"]


def test_a_models_own_validation_is_explained_with_the_fields_chinese_name():
    exc = ValidationError({"code": ["应为6位数字"]})
    assert explain(exc, model=County) == ["行政区划代码:应为6位数字"]


def test_permission_and_missing_rows_are_explained_in_chinese():
    assert "权限" in explain_text(PermissionDenied())
    assert "不存在" in explain_text(Person.DoesNotExist())


@pytest.mark.django_db
def test_a_database_refusal_is_explained_not_raised(world):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        County.objects.create(name=world.c1.name, code="610799")
    assert explain(caught.value) == ["与已有记录重复,未保存"]


@pytest.mark.django_db
def test_an_id_differing_only_by_a_lowercase_x_is_refused_on_the_form_not_with_a_500(world, client_for):
    chair = world.users[Role.CHAIRMAN]
    household = mem.register_household(village=world.v11, number="001", by=chair)
    mem.register_person(household=household, name="张三", id_number="11010519491231002X", by=chair)
    response = client_for(chair).post(reverse("admin:members_person_add"), {
        "household": household.pk, "name": "张三", "id_number": "11010519491231002x", "relation": "spouse",
        "phone": ""})
    assert response.status_code == 200
    assert "已登记" in response.content.decode()
    assert Person.objects.count() == 1



def test_only_the_immutability_triggers_refusal_names_r3_not_a_duplicate_key():
    from django.db import IntegrityError, InternalError

    from coop.errors import Rule, rule_of

    trigger = InternalError('pgtrigger: Cannot update rows from "finance_voucherline" table')
    assert rule_of(trigger) == Rule.R3
    assert rule_of(IntegrityError('duplicate key value violates unique constraint "x"')) is None
    assert rule_of(IntegrityError('new row violates check constraint "y"')) is None


def test_an_operation_wording_a_refusal_it_passes_on_is_not_heard_by_the_breach_log():
    from coop import errors
    from coop.errors import Rule, RuleViolation, messages_of

    heard = []
    errors.on_refusal(listener := lambda exc, messages, model=None: heard.append(messages))
    try:
        refusal = RuleViolation(Rule.R6, "R6 多收的钱不能入账")
        assert messages_of(refusal) == ["R6 多收的钱不能入账"] and heard == []
        errors.explain_text(refusal)
        assert heard == [["R6 多收的钱不能入账"]]
    finally:
        errors._refusal_listeners.remove(listener)
