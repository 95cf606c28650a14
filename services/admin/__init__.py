"""The services' admin: every class derives from coop.admin_base.ScopedAdmin, every save calls services.operations."""

from django.contrib import admin

from services.admin.money import (
    AgencyTradeAdmin,
    FeeReceiptAdmin,
    FeeScheduleAdmin,
    ManagementFeeAdmin,
    PayrollAdmin,
    SanitationFundingAdmin,
    SanitationStandardAdmin,
    ServiceRecordAdmin,
)
from services.admin.organisation import EquipmentAdmin, LeadershipAdmin, ServiceOrganisationAdmin, WorkerAdmin
from services.models import (
    AgencyTrade,
    Equipment,
    FeeReceipt,
    FeeSchedule,
    Leadership,
    ManagementFee,
    Payroll,
    SanitationFunding,
    SanitationStandard,
    ServiceOrganisation,
    ServiceRecord,
    Worker,
)

for model, model_admin in ((ServiceOrganisation, ServiceOrganisationAdmin), (Leadership, LeadershipAdmin),
                           (Worker, WorkerAdmin), (Equipment, EquipmentAdmin), (FeeSchedule, FeeScheduleAdmin),
                           (ServiceRecord, ServiceRecordAdmin), (FeeReceipt, FeeReceiptAdmin),
                           (ManagementFee, ManagementFeeAdmin), (Payroll, PayrollAdmin),
                           (AgencyTrade, AgencyTradeAdmin), (SanitationFunding, SanitationFundingAdmin),
                           (SanitationStandard, SanitationStandardAdmin)):
    admin.site.register(model, model_admin)
