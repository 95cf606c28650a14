from services.models.fees import FeeReceipt, FeeSchedule, ManagementFee, ServiceRecord
from services.models.funding import AgencyTrade, SanitationFunding, SanitationStandard
from services.models.organisation import Equipment, Leadership, ServiceOrganisation, Worker
from services.models.pay import Payroll, PayrollLine

__all__ = ["AgencyTrade", "Equipment", "FeeReceipt", "FeeSchedule", "Leadership", "ManagementFee", "Payroll",
           "PayrollLine", "SanitationFunding", "SanitationStandard", "ServiceOrganisation", "ServiceRecord", "Worker"]
