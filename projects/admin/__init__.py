"""The projects' admin: every class derives from coop.admin_base.ScopedAdmin, every save calls projects.operations."""

from django.contrib import admin

from coop.admin_base import ReadOnlyAdmin
from projects.admin.money import FundsReceiptAdmin, PaymentAdmin, VariationAdmin
from projects.admin.project import ProjectAdmin
from projects.admin.work import LabourRecordAdmin, RentalAdmin
from projects.models import Asset, FundsReceipt, LabourRecord, Payment, Project, Rental, Variation


class AssetAdmin(ReadOnlyAdmin):
    """资产台账: written by the acceptance's confirmation, read here."""

    list_display = ["name", "cooperative", "kind", "value", "acquired_on", "location", "condition", "project"]
    list_filter = ["kind", "condition", "cooperative__village__township"]
    list_select_related = ["cooperative", "project"]


admin.site.register(Project, ProjectAdmin)
admin.site.register(FundsReceipt, FundsReceiptAdmin)
admin.site.register(Variation, VariationAdmin)
admin.site.register(Payment, PaymentAdmin)
admin.site.register(LabourRecord, LabourRecordAdmin)
admin.site.register(Rental, RentalAdmin)
admin.site.register(Asset, AssetAdmin)
