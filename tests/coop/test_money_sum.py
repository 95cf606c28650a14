"""Money summed from an expression comes back to the fen on SQLite too, which adds such expressions in floating
point (a fund whose instalments are all paid showed 到期应还 -9.77E-13 and a repayment rate of -0.00 %)."""

from decimal import Decimal

import pytest
from django.db.models import Value

from coop.money import money_sum

pytestmark = pytest.mark.smoke


def test_an_expression_summed_to_nothing_is_exactly_zero_fen(world):
    from coop.models import Village

    tenths = Value(Decimal("0.10")) + Value(Decimal("0.20")) - Value(Decimal("0.30"))
    total = Village.objects.filter(pk=world.v11.pk).aggregate(s=money_sum(tenths))["s"]
    assert total == Decimal("0.00") and str(total) == "0.00"

