"""Rules on the organisation's own records, from every door: operation, admin form, database."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from coop import operations
from coop.models import Charter, User
from coop.queries import current_charter
from coop.roles import Role
from coop.validators import validate_org_credit_code
from tests import builders


def test_charter_ratios_must_add_up_to_100_through_the_operation(world):
    with pytest.raises(ValidationError) as err:
        operations.adopt_charter(cooperative=builders.cooperative(world.v22, charter=False),
                                 adopted_on=date(2016, 5, 1), dividend_ratio=Decimal("60"),
                                 development_ratio=Decimal("30"), accumulation_ratio=Decimal("20"))
    assert "R7" in str(err.value)
    assert not Charter.objects.filter(cooperative__village=world.v22).exists()


def test_charter_ratios_must_add_up_to_100_in_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Charter.objects.filter(pk=current_charter(world.k11).pk).update(dividend_ratio=Decimal("61"))


def test_charter_ratios_must_add_up_to_100_in_the_admin_form(world, client_for):
    client = client_for(world.users[Role.COUNTY_ADMIN])
    charter = current_charter(world.k11)
    response = client.post(reverse("admin:coop_charter_change", args=[charter.pk]), {
        "cooperative": world.k11.pk, "adopted_on": "2016-05-01", "dividend_ratio": "50",
        "development_ratio": "20", "accumulation_ratio": "20", "loan_max_amount": "10000",
        "loan_max_term_months": "12"})
    assert response.status_code == 200
    assert "R7" in response.text
    charter.refresh_from_db()
    assert charter.dividend_ratio == Decimal("60.00")


def test_a_negative_cash_cap_is_refused(world):
    with pytest.raises(ValidationError):
        operations.register_village(township=world.t1, name="负数村", code="610729001299",
                                    cash_cap=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        type(world.v11).objects.filter(pk=world.v11.pk).update(cash_cap=Decimal("-0.01"))


def test_the_village_cap_falls_back_to_the_township_default(world):
    assert world.v11.effective_cash_cap == Decimal("0.00")
    world.t1.default_cash_cap = Decimal("200.00")
    assert world.v11.effective_cash_cap == Decimal("200.00")
    world.v11.cash_cap = Decimal("50.00")
    assert world.v11.effective_cash_cap == Decimal("50.00")


def test_a_village_code_must_sit_under_its_township(world):
    with pytest.raises(ValidationError) as err:
        operations.register_village(township=world.t1, name="错码村", code="610729101299")
    assert "610729001" in str(err.value)


@pytest.mark.parametrize(("role", "scope"), [
    (Role.CHAIRMAN, {}), (Role.CHAIRMAN, {"township": "t1"}), (Role.TOWNSHIP_OFFICER, {"village": "v11"}),
    (Role.AUDITOR, {"township": "t1"}), (Role.COUNTY_ADMIN, {}),
])
def test_a_login_needs_exactly_the_scope_its_role_names(world, role, scope):
    kwargs = {k: getattr(world, v) for k, v in scope.items()}
    with pytest.raises(ValidationError):
        operations.open_account(username="bad", password="x" * 12, role=role, **kwargs)
    assert not User.objects.filter(username="bad").exists()


def test_the_database_refuses_a_login_whose_scope_does_not_match_its_role(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(username="chair11").update(township=world.t1)


def test_a_county_admin_cannot_open_a_login_in_another_county(world, client_for):
    client = client_for(world.users[Role.COUNTY_ADMIN])
    response = client.post(reverse("admin:coop_user_add"), {
        "username": "intruder", "usable_password": "true", "password1": "A-strong-pass-91",
        "password2": "A-strong-pass-91", "role": Role.CHAIRMAN, "village": world.v31.pk})
    assert response.status_code == 200
    assert not User.objects.filter(username="intruder").exists()


def test_a_county_admin_opens_a_chairman_login_through_the_admin(world, client_for):
    client = client_for(world.users[Role.COUNTY_ADMIN])
    response = client.post(reverse("admin:coop_user_add"), {
        "username": "newchair", "usable_password": "true", "password1": "A-strong-pass-91",
        "password2": "A-strong-pass-91", "last_name": "周", "first_name": "新", "role": Role.CHAIRMAN,
        "village": world.v12.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="newchair")
    assert (user.role, user.village, user.is_staff, user.is_superuser) == (Role.CHAIRMAN, world.v12, True, False)


@pytest.mark.parametrize("code", ["91110000600037341L", "121200004013590816", "N2610729MA0000001X"])
def test_credit_codes_of_enterprises_and_village_collectives_are_accepted(code):
    from stdnum.cn import uscc

    code = code[:-1] + uscc.calc_check_digit(code[:-1])
    validate_org_credit_code(code)


@pytest.mark.parametrize("code", ["91110000600037341N", "12345", "9111000060003IOZSV", "N2ABCDEFMA0000001X", ""])
def test_malformed_credit_codes_are_refused(code):
    with pytest.raises(ValidationError):
        validate_org_credit_code(code)


def test_existing_charters_become_version_1_in_force_from_their_adoption(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("coop.migrations.0004_charter_versions_by_date")
    charter = current_charter(world.k11)
    Charter.objects.filter(pk=charter.pk).update(version=7, effective_from=date(2020, 1, 1))
    migration.first_versions(apps, None)
    charter.refresh_from_db()
    assert (charter.version, charter.effective_from) == (1, charter.adopted_on)


def test_logins_sharing_a_password_can_share_one_hash_and_each_signs_in_with_it(world):
    """The demo hashes its one password once for all its logins (issue 10: ~0.5 s of PBKDF2 per login)."""
    from django.contrib.auth.hashers import make_password

    hashed = make_password("Shared-demo-pass-16")
    for name in ("shared_a", "shared_b"):
        operations.open_account(username=name, password="Shared-demo-pass-16", password_hash=hashed,
                                role=Role.CHAIRMAN, village=world.v12)
    for name in ("shared_a", "shared_b"):
        user = User.objects.get(username=name)
        assert user.password == hashed
        assert user.check_password("Shared-demo-pass-16") and not user.check_password("wrong-pass-16")
