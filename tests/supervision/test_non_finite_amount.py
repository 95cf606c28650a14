"""F3: a finding's amount typed as NaN, Infinity or a huge number is refused in words under R8, naming the field,
and no finding is written (a comparison with NaN used to raise decimal.InvalidOperation, a 500)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from coop.errors import Rule, RuleViolation
from coop.roles import Role
from supervision import operations as sup
from supervision.models import Finding
from tests import builders


@pytest.mark.parametrize("bad", ["nan", "inf", "1E+30"])
def test_a_finding_with_a_non_finite_or_huge_amount_is_refused(world, bad):
    inspector = builders.account("insp1", Role.INSPECTOR, county=world.c1, full_name="水利局检查员")
    inspection = sup.record_inspection(line="department", title="饮水工程检查", on=timezone.localdate(),
                                       villages=[world.v11], period_from=date(2026, 1, 1),
                                       period_to=date(2026, 10, 31), by=inspector)
    with pytest.raises(RuleViolation) as refused:
        sup.record_finding(inspection=inspection, village=world.v11, rule=Rule.R1, amount=Decimal(bad),
                           description="现金收入未存入银行", by=inspector)
    assert refused.value.rule == Rule.R8 and refused.value.field == "amount"
    assert any(words in str(refused.value) for words in ("不是有效的数字", "超出上限"))
    assert not Finding.objects.exists()
