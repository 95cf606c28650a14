"""xlsx exports of the roster: households, persons, members with their holdings, share movements — with the
Chinese column headers the township keeps its own sheets in. Each export reads the admin's scoped,
filtered queryset, with what each row needs fetched in the same query; ID numbers are shown as the exporting
user may read them (members.identity.id_number_for)."""

from import_export import fields, resources, widgets

from coop.resources import count, day, money
from members.identity import id_number_for
from members.models import Household, Member, Person, ShareTransaction


class HouseholdResource(resources.ModelResource):
    village = fields.Field(attribute="village__name", column_name="村")
    number = fields.Field(attribute="number", column_name="户编号")
    head = fields.Field(column_name="户主")
    group = fields.Field(attribute="group", column_name="村民小组")
    address = fields.Field(attribute="address", column_name="住址")
    persons = fields.Field(column_name="人口数", widget=widgets.IntegerWidget(coerce_to_string=False))
    poor = fields.Field(column_name="建档立卡")
    exit_year = count("poverty_exit_year", "脱贫年度")

    class Meta:
        model = Household
        fields = ("village", "number", "head", "group", "address", "persons", "poor", "exit_year")
        export_order = fields

    def dehydrate_head(self, household):
        return household.head.name if household.head else ""

    def dehydrate_persons(self, household):
        return len(household.persons.all())

    def dehydrate_poor(self, household):
        return "是" if household.is_registered_poor else "否"


class PersonResource(resources.ModelResource):
    village = fields.Field(attribute="household__village__name", column_name="村")
    household = fields.Field(attribute="household__number", column_name="户编号")
    name = fields.Field(attribute="name", column_name="姓名")
    id_number = fields.Field(column_name="身份证号")
    sex = fields.Field(column_name="性别")
    birth = day("birth_date", "出生日期")
    relation = fields.Field(attribute="get_relation_display", column_name="与户主关系")
    phone = fields.Field(attribute="phone", column_name="手机号")

    class Meta:
        model = Person
        fields = ("village", "household", "name", "id_number", "sex", "birth", "relation", "phone")
        export_order = fields

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def dehydrate_id_number(self, person):
        return id_number_for(self.user, person)

    def dehydrate_sex(self, person):
        return "男" if person.sex == "male" else "女"


class MemberResource(resources.ModelResource):
    cooperative = fields.Field(attribute="cooperative__name", column_name="合作社")
    number = count("number", "社员编号")
    name = fields.Field(attribute="display_name", column_name="社员")
    kind = fields.Field(attribute="get_kind_display", column_name="社员类型")
    credit_code = fields.Field(attribute="credit_code", column_name="统一社会信用代码")
    joined_on = day("joined_on", "入社日期")
    status = fields.Field(attribute="get_status_display", column_name="状态")
    shares = count("shares", "持股数")
    amount = money("amount", "股金(元)")

    class Meta:
        model = Member
        fields = ("cooperative", "number", "name", "kind", "credit_code", "joined_on", "status", "shares", "amount")
        export_order = fields


class ShareTransactionResource(resources.ModelResource):
    cooperative = fields.Field(attribute="cooperative__name", column_name="合作社")
    number = count("number", "流水号")
    on = day("on", "日期")
    kind = fields.Field(attribute="get_kind_display", column_name="类型")
    member = fields.Field(attribute="member__display_name", column_name="社员(入股、退股或转出方)")
    to_member = fields.Field(attribute="to_member__display_name", column_name="受让社员")
    shares = count("shares", "股数")
    amount = money("amount", "金额(元)")
    status = fields.Field(attribute="get_status_display", column_name="状态")
    voucher = fields.Field(column_name="记账凭证")
    note = fields.Field(attribute="note", column_name="备注")
    reject_reason = fields.Field(attribute="reject_reason", column_name="驳回原因")

    class Meta:
        model = ShareTransaction
        fields = ("cooperative", "number", "on", "kind", "member", "to_member", "shares", "amount", "status",
                  "voucher", "note", "reject_reason")
        export_order = fields

    def dehydrate_voucher(self, tx):
        return str(tx.voucher.number_label) if tx.voucher_id else ""
