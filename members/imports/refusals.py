"""The operations' refusals (members.operations.Refusal) put back against the file: each at the row its batch
row came from, under the column that holds the field it is about."""

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.spreadsheets import RowError


def row_errors(refusals, columns: dict[str, str]) -> list[RowError]:
    return [RowError(refusal.row, columns.get(refusal.error.field, ""), refusal.error.messages[0])
            for refusal in refusals]


def refused_since_preview(refused, columns: dict[str, str]) -> RuleViolation:
    """The confirmation's answer when the operation refuses what the preview passed: the data changed since."""
    first = row_errors(refused.refusals, columns)[0]
    return RuleViolation(Rule.IMPORT, _("第 %(r)s 行 %(c)s:%(m)s。预览之后数据有变化,未导入任何数据;请重新上传预览") % {
        "r": first.row, "c": first.column, "m": first.message})
