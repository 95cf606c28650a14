"""The services' part of the dashboard: the organisations in scope, and — at once, with the date — every leader of an
operating organisation who has become a village or villager-group cadre since the appointment (R4a)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from services import queries
from services.models import ServiceOrganisation


@panel
def services(request):
    user = request.user
    if not access.allows(user, access.VIEW, ServiceOrganisation):
        return []
    organisations = queries.visible_organisations(user)
    url = reverse("admin:services_serviceorganisation_changelist")
    items = [Item(_("专业服务组织"), organisations.count(), url)]
    for found in queries.leaders_turned_cadre(organisations):
        leadership = found.leadership
        items.append(Item(_("R4a 领办人成为村组干部:%(p)s(%(o)s)自 %(d)s 起任%(post)s") % {
            "p": leadership.person.name, "o": leadership.organisation.name, "d": found.since, "post": found.post},
            found.since, f"{url}{leadership.organisation_id}/change/", todo=True))
    return items
