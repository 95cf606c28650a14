"""A published quarter sheet for 桑园村 (tests/disclosure): its committee member and the steps to publish."""

from datetime import date

from coop.roles import Role
from disclosure import operations
from disclosure.models import CommitteeMember


def committee(village):
    return CommitteeMember.objects.create(village=village, name="李监督", post="chair", start=date(2025, 1, 1))


def publish_quarter(world, village, member, *, number=1, year=2026, chair=None, officer=None):
    chair = chair or world.users[Role.CHAIRMAN]
    officer = officer or world.users[Role.TOWNSHIP_OFFICER]
    draft = operations.draft(village=village, period="quarter", year=year, number=number, by=chair)
    operations.sign_off(disclosure=draft, members=[member], by=officer, on=date(year, 3 * number, 28))
    return operations.publish(disclosure=draft, by=chair, posted_on=date(year, 3 * number, 30))
