"""The 编制单位 in a report's heading names the reader's own organisation, narrowed by what the filter chose — never
another county's name nor a placeholder."""

from coop.reports.heading import compiled_by
from coop.roles import Role


def test_the_heading_names_the_readers_county_township_or_village(world, django_user_model):
    assert compiled_by(world.users[Role.AUDITOR]) == "留坝县"
    assert compiled_by(world.admin2) == "佛坪县"
    assert compiled_by(world.users[Role.TOWNSHIP_OFFICER]) == "留坝县紫柏街道"
    assert compiled_by(world.users[Role.CHAIRMAN]) == "紫柏街道桑园村"
    superuser = django_user_model.objects.create_superuser("root_heading", password="x")
    assert compiled_by(superuser) == "全县"


def test_what_the_filter_chose_narrows_the_heading(world):
    auditor = world.users[Role.AUDITOR]
    assert compiled_by(auditor, township=world.t2) == "留坝县马道镇"
    assert compiled_by(auditor, township=world.t2, village=world.v21) == "马道镇沙坝村"
