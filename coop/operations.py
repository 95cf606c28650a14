"""Changes to the organisation, one function each; seed_demo, tests and later apps call these.

Every function validates the whole row (model rules and database constraints) before it writes, inside
one transaction, so a refused change leaves nothing behind.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from coop.history import save_as
from coop.models import Charter, Cooperative, County, Township, User, Village
from coop.roles import Role


@transaction.atomic
def register_county(*, name: str, code: str) -> County:
    return save_as(County(name=name, code=code))


@transaction.atomic
def register_township(*, county: County, name: str, code: str, kind=Township.Kind.TOWN,
                      default_cash_cap=Decimal("0.00")) -> Township:
    return save_as(Township(county=county, name=name, code=code, kind=kind, default_cash_cap=default_cash_cap))


@transaction.atomic
def register_village(*, township: Township, name: str, code: str, size=Village.Size.SMALL,
                     cash_cap: Decimal | None = None) -> Village:
    return save_as(Village(township=township, name=name, code=code, size=size, cash_cap=cash_cap))


@transaction.atomic
def found_cooperative(*, village: Village, name: str, chairman_name: str, founded_on: date,
                      credit_code: str = "", address: str = "") -> Cooperative:
    return save_as(Cooperative(village=village, name=name, chairman_name=chairman_name, founded_on=founded_on,
                             credit_code=credit_code, address=address))


@transaction.atomic
def adopt_charter(*, cooperative: Cooperative, adopted_on: date, dividend_ratio, development_ratio,
                  accumulation_ratio, loan_max_amount=Decimal("10000.00"), loan_max_term_months=12) -> Charter:
    return save_as(Charter(cooperative=cooperative, adopted_on=adopted_on, dividend_ratio=dividend_ratio,
                         development_ratio=development_ratio, accumulation_ratio=accumulation_ratio,
                         loan_max_amount=loan_max_amount, loan_max_term_months=loan_max_term_months))


@transaction.atomic
def open_account(*, username: str, password: str, role: Role, full_name: str = "", county=None,
                 township=None, village=None, department: str = "", phone: str = "") -> User:
    """A login for one person in one role. Its scope is the one field the role needs."""
    user = User(username=username, role=role, county=county, township=township, village=village,
                department=department, phone=phone, is_staff=True,
                last_name=full_name[:1], first_name=full_name[1:])
    user.set_password(password)
    return save_as(user)
