from datetime import date
from types import SimpleNamespace

import pytest

from coop.roles import Role
from tests import builders


@pytest.fixture
def books(world):
    """桑园村's ledger (2023 chart) open Jan–Nov 2026, its chairman, two officers of 紫柏街道, and the officer
    and chairman of 马道镇's 沙坝村 as outsiders."""
    officer = world.users[Role.TOWNSHIP_OFFICER]
    return SimpleNamespace(
        ledger=builders.ledger(world.v11, officer),
        chair=world.users[Role.CHAIRMAN],
        officer=officer,
        officer_b=builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1, full_name="复核员"),
        outsider=world.officer2,
        auditor=world.users[Role.AUDITOR],
        world=world,
        day=date(2026, 11, 2),
    )
