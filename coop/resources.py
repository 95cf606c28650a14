"""xlsx exports of the organisation, with the Chinese column headers township offices use."""

from import_export import fields, resources, widgets

from coop.models import Cooperative, Village


# import-export turns every value into text unless told otherwise; these keep amounts, counts and dates
# as numbers and dates in the sheet, so a clerk can sum a column without converting it first.
def money(attribute, column_name):
    return fields.Field(attribute=attribute, column_name=column_name,
                        widget=widgets.DecimalWidget(coerce_to_string=False))


def count(attribute, column_name):
    return fields.Field(attribute=attribute, column_name=column_name,
                        widget=widgets.IntegerWidget(coerce_to_string=False))


def day(attribute, column_name):
    return fields.Field(attribute=attribute, column_name=column_name,
                        widget=widgets.DateWidget(coerce_to_string=False))


class VillageResource(resources.ModelResource):
    township = fields.Field(attribute="township__name", column_name="所属镇(街道)")
    code = fields.Field(attribute="code", column_name="区划代码")
    name = fields.Field(attribute="name", column_name="村名称")
    size = fields.Field(attribute="get_size_display", column_name="村规模")
    cash_cap = money("effective_cash_cap", "库存现金限额(元)")
    cooperative = fields.Field(attribute="cooperative__name", column_name="合作社")

    class Meta:
        model = Village
        fields = ("township", "code", "name", "size", "cash_cap", "cooperative")
        export_order = fields



class CooperativeResource(resources.ModelResource):
    township = fields.Field(attribute="village__township__name", column_name="所属镇(街道)")
    village = fields.Field(attribute="village__name", column_name="所在村")
    name = fields.Field(attribute="name", column_name="合作社名称")
    credit_code = fields.Field(attribute="credit_code", column_name="统一社会信用代码")
    chairman_name = fields.Field(attribute="chairman_name", column_name="理事长")
    founded_on = day("founded_on", "成立日期")

    class Meta:
        model = Cooperative
        fields = ("township", "village", "name", "credit_code", "chairman_name", "founded_on")
        export_order = fields
