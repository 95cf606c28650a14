"""The services' demo part, on the one village with books of the test world: five organisations (a sixth in the
first two villages), every one founded through the operations with a non-cadre leader for the operating ones,
service records with approved receipts, management fees, approved payrolls paying no cadre's family, sanitation
funded to the standard; a second run adds nothing."""

from decimal import Decimal

from coop.models import Village
from services import demo, queries
from services.models import FeeReceipt, ManagementFee, Payroll, PayrollLine, ServiceOrganisation, ServiceRecord


def test_the_demo_builds_a_year_of_services_through_the_operations_and_runs_once(site):
    demo.seed()
    organisations = ServiceOrganisation.objects.filter(cooperative=site.coop)
    assert organisations.count() == 6  # 桑园村 is the first pilot: the five, and the culture troupe
    assert ServiceRecord.objects.count() >= 16
    assert not FeeReceipt.objects.exclude(status="approved").exists()
    assert ManagementFee.objects.filter(status="approved").count() == 8
    assert Payroll.objects.filter(status="approved").count() == 6
    paid = set(PayrollLine.objects.values_list("person__name", flat=True))
    assert paid and not paid & {"张德明", "李桂芳", "张小明", "张小宝", "张侄"}
    # a leader appointed in 2016 who became a villager-group leader later is flagged, not refused (R4a)
    assert {(found.leadership.person.name, found.post) for found in queries.leaders_turned_cadre(organisations)} \
        <= {("孙组长", "村民小组长"), ("钱后", "村党支部委员")}
    (year,) = queries.sanitation(Village.objects.filter(pk=site.world.v11.pk), 2026)
    assert year.met and year.total == Decimal("4000.00")
    demo.seed()
    assert ServiceOrganisation.objects.count() == 6
