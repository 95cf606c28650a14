"""The services' admin: every class derives from coop.admin_base.ScopedAdmin, every save calls services.operations."""

from django.contrib import admin

from services.admin.organisation import EquipmentAdmin, LeadershipAdmin, ServiceOrganisationAdmin, WorkerAdmin
from services.models import Equipment, Leadership, ServiceOrganisation, Worker

admin.site.register(ServiceOrganisation, ServiceOrganisationAdmin)
admin.site.register(Leadership, LeadershipAdmin)
admin.site.register(Worker, WorkerAdmin)
admin.site.register(Equipment, EquipmentAdmin)
