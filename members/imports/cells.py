"""Reading the cells a roster and a poverty register share: yes/no, the year of exit from poverty,
ID numbers, and the relation to the head of the household as villages actually write it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coop.spreadsheets import CellError  # one class for every import's cells
from members.identity import normalize_id_number, validate_exit_year, validate_id_number, validate_phone
from members.models import Person

YES = {"是", "Y", "YES", "1", "TRUE", "√", "✓"}
NO = {"否", "N", "NO", "0", "FALSE", "×"}

R = Person.Relation
RELATIONS = {
    R.HEAD: ["户主", "本人"],
    R.SPOUSE: ["配偶", "妻", "妻子", "夫", "丈夫", "之妻", "之夫"],
    R.CHILD: ["子女", "子", "女", "儿子", "女儿", "之子", "之女", "长子", "次子", "长女", "次女"],
    R.PARENT: ["父母", "父亲", "母亲", "父", "母", "之父", "之母"],
    R.GRANDCHILD: ["孙子女", "孙子", "孙女", "外孙", "外孙子", "外孙女", "之孙", "之孙女"],
    R.GRANDPARENT: ["祖父母", "祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶"],
    R.OTHER: ["其他", "儿媳", "女婿", "兄弟姐妹", "兄", "弟", "姐", "妹"],
}
RELATION_BY_WORD = {word: relation for relation, words in RELATIONS.items() for word in words}


def yes_no(value: str) -> bool | None:
    """True, False, or None when the cell is blank."""
    if value == "":
        return None
    word = value.strip().upper()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("“%(v)s”应填“是”或“否”") % {"v": value})


def exit_year(value: str) -> int | None:
    if value == "":
        return None
    try:
        year = int(value.replace("年", "").strip())
    except ValueError:
        raise CellError(_("脱贫年度“%(v)s”应为四位年份,如 2019") % {"v": value}) from None
    return _validated(validate_exit_year, year)


def phone(value: str) -> str:
    value = value.replace("-", "").replace(" ", "")
    return _validated(validate_phone, value)


def _validated(validator, value):
    """The model's own validator, its message as the cell's error: the import and the forms say the same."""
    try:
        validator(value)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from None
    return value


def id_text(value) -> str:
    """The cell as Excel gave it, normalised but not yet judged (the operation that registers it does that):
    an ID typed into a number-formatted column arrives as a number whose last digits Excel has already rounded
    away (15 significant digits), so no check digit can save it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
        if len(value) > 15:
            raise CellError(_("身份证号被 Excel 存成了数字,末尾几位已经丢失:"
                              "请把这一列设为“文本”格式后重新输入(或使用下载的模板)"))
    number = normalize_id_number("" if value is None else str(value))
    if not number:
        raise CellError(_("身份证号不能为空"))
    return number


def id_number(value) -> str:
    """An ID number that finds a person already registered: read as `id_text`, and valid."""
    number = id_text(value)
    try:
        validate_id_number(number)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from None
    return number


def relation(value: str) -> str:
    if value == "":
        raise CellError(_("请填写与户主关系(户主、配偶、子女、父母、孙子女、祖父母、其他)"))
    found = RELATION_BY_WORD.get(value.strip())
    if found is None:
        raise CellError(_("与户主关系“%(v)s”无法识别,请填写户主、配偶、子女、父母、孙子女、祖父母或其他") % {
            "v": value})
    return found


def name(value: str, column: str) -> str:
    if value == "":
        raise CellError(_("%(c)s不能为空") % {"c": column})
    if len(value) > 30:
        raise CellError(_("%(c)s过长(最多 30 个字)") % {"c": column})
    if any(ch.isdigit() for ch in value):
        raise CellError(_("%(c)s“%(v)s”含有数字,请检查是否与身份证号或编号错列") % {"c": column, "v": value})
    return value
