"""The demo's supervision part: inspections with findings, one rectification overdue, one verified, a few logged
refusals; run twice, it adds nothing."""

from coop.roles import Role
from supervision import demo
from supervision.models import Attempt, Finding, Inspection, Rectification
from tests import builders


def test_the_demo_part_seeds_supervision_once(world):
    builders.ledger(world.v11, world.users[Role.TOWNSHIP_OFFICER])
    builders.account("insp_demo", Role.INSPECTOR, county=world.c1)
    demo.seed()
    demo.seed()
    assert Inspection.objects.count() == 3 and Finding.objects.count() == 3
    from django.utils import timezone

    assert Rectification.objects.filter(Rectification.overdue_q(timezone.localdate())).count() == 1
    assert Rectification.objects.filter(verified_by__isnull=False).count() == 1
    assert Attempt.objects.count() >= 2
