"""The projects' demo part: through the operations, every project under the cap, the accepted ones with their
asset or public-welfare posting, no wage to a cadre's family, and a second run adds nothing."""

from projects import demo
from projects.models import CAP, Asset, LabourRecord, Project


def test_the_demo_takes_its_projects_through_the_steps_under_the_cap_and_runs_once(site):
    demo.seed()
    projects = list(Project.objects.filter(cooperative=site.coop))
    assert len(projects) == 4  # every fourth of the 15 falls on the one village with books in the test world
    assert all(project.total_investment < CAP for project in projects)
    accepted = [p for p in projects if p.status in (Project.Status.ACCEPTED, Project.Status.SETTLED,
                                                     Project.Status.AUDITED)]
    assert accepted and Asset.objects.filter(project__in=accepted).exists()
    paid_people = set(LabourRecord.objects.filter(payment__isnull=False).values_list("person__name", flat=True))
    assert paid_people and not paid_people & {"张德明", "张小明"}
    demo.seed()
    assert Project.objects.count() == len(projects)
