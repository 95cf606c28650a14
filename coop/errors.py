"""The one exception every operation raises when a rule refuses a change, the one list of rule codes, and
the one place that turns any domain error into the words a user is shown.

Every door — admin forms and actions, Excel imports, management commands, views — catches `DOMAIN_ERRORS`
and shows `explain(exc)`; none formats an error of its own, and none lets bad input reach the user as a 500.
"""

from __future__ import annotations

import re

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Rule(TextChoices):
    """Every rule a refusal can name. The breach log and the compliance report count by these codes, so a
    refusal never invents one: `RuleViolation` accepts nothing else."""

    R1 = "R1", gettext_lazy("R1 村财镇管(村级不留现金)")
    R2 = "R2", gettext_lazy("R2 镇级审批、四眼原则")
    R3 = "R3", gettext_lazy("R3 账簿不得擅改")
    R4A = "R4a", gettext_lazy("R4a 村组干部不得领办经营性服务组织")
    R4B = "R4b", gettext_lazy("R4b 村干部及其直系亲属不得领取报酬")
    R5 = "R5", gettext_lazy("R5 项目代建")
    R6 = "R6", gettext_lazy("R6 互助资金量入为出")
    R7 = "R7", gettext_lazy("R7 按章程分配")
    R8 = "R8", gettext_lazy("R8 三线监督")
    ORGANISATION = "ORG", gettext_lazy("组织机构与章程")
    LEDGER = "LEDGER", gettext_lazy("会计核算")
    MEMBERS = "MEMBERS", gettext_lazy("社员与股金")
    BANKLOAN = "BANKLOAN", gettext_lazy("贴息贷款")
    SERVICES = "SERVICES", gettext_lazy("专业服务组织")
    IMPORT = "IMPORT", gettext_lazy("Excel 导入")
    UPLOAD = "UPLOAD", gettext_lazy("上传文件")
    JOBS = "JOBS", gettext_lazy("后台任务")
    DISCLOSURE = "DISCLOSURE", gettext_lazy("财务公开")

    @property
    def is_domain_rule(self) -> bool:
        """R1 … R8: the rules of the Liuba model, named in front of every refusal's message."""
        return bool(re.fullmatch(r"R\d+[a-z]?", self.value))


class RuleViolation(ValidationError):
    """A refused change: carries the rule (`rule`, a `Rule`; also `code`) and a Chinese message naming it.

    It is a ValidationError so that admin forms and import rows show it next to the input that caused it.
    """

    def __init__(self, rule: Rule | str, message: str, *, field: str | None = None):
        self.rule = Rule(rule)  # an unknown code is a programming error, found at once
        self.field = field
        # The domain rules (R1 … R8) are named in front of the message; plain bookkeeping errors are not.
        named = self.rule.is_domain_rule and not message.startswith(self.rule.value)
        text = f"{self.rule.value} {message}" if named else message
        super().__init__({field: [text]} if field else text, code=self.rule.value)

    def __str__(self):
        return "; ".join(self.messages)


# What a door catches around an operation: a refusal by a rule, a model's own validation, a right the user
# lacks, a row that is not there, and what the database itself refuses (constraints, pgtrigger protections).
DOMAIN_ERRORS = (ValidationError, PermissionDenied, ObjectDoesNotExist, DatabaseError)

# Constraints and triggers the database enforces, by name, in the words of the rule they keep. A name that is
# not listed still gets a readable message (the constraint's own name), never a server error.
_DATABASE_RULES: dict[str, str] = {}


def name_database_rule(name: str, message: str) -> None:
    """Give a database constraint or trigger (by its name) the message users see when it refuses a write."""
    _DATABASE_RULES[name] = message


# Who hears of every refusal a door shows: the attempted-breach log (supervision.breaches) registers here, so the
# log is fed from the one place refusals become messages, whatever the door, and the accepted path pays nothing.
_refusal_listeners: list = []


def on_refusal(listener) -> None:
    """Call `listener(exc, messages, model=)` once for each refusal shown to a user, at any door."""
    if listener not in _refusal_listeners:
        _refusal_listeners.append(listener)


def _heard(exc: BaseException, model, messages: list[str]) -> list[str]:
    if _refusal_listeners and not getattr(exc, "_refusal_heard", False):
        try:
            exc._refusal_heard = True  # one refusal shown twice (a banner and a form) is one attempt
        except AttributeError:
            pass
        for listener in _refusal_listeners:
            listener(exc, messages, model=model)
    return messages


def explain(exc: BaseException, *, model=None) -> list[str]:
    """The messages a user is shown for a refused change, in Chinese (or the interface language). With the
    `model` a validation error came from, its fields are named by their Chinese names."""
    return _heard(exc, model, _explain(exc, model))


def messages_of(exc: BaseException, *, model=None) -> list[str]:
    """`explain` for an operation or a parser that words a refusal it passes on (a row error of a preview, a
    refusal re-raised with the borrower's name): the door that finally shows it is the one heard by the
    attempted-breach log, so one refusal is one attempt."""
    return _explain(exc, model)


def _explain(exc: BaseException, model) -> list[str]:
    if isinstance(exc, ValidationError):
        return _validation_messages(exc, model)
    if isinstance(exc, PermissionDenied):
        return [str(exc) if str(exc) else _("R2 权限:您无权进行此项操作")]
    if isinstance(exc, ObjectDoesNotExist):
        return [_("所需的记录不存在或不在您的管辖范围内")]
    if isinstance(exc, DatabaseError):
        return [_database_message(exc)]
    return [str(exc)]


def explain_text(exc: BaseException, *, model=None) -> str:
    """`explain` as one line, for a message banner or a command's error output."""
    return ";".join(explain(exc, model=model))


def rule_of(exc: BaseException) -> Rule | None:
    """The rule a refusal names, when it names one; a write the database's immutability triggers refused is R3 (a
    duplicate key or another constraint names no rule of the model)."""
    if isinstance(exc, RuleViolation):
        return exc.rule
    if isinstance(exc, DatabaseError):
        return Rule.R3 if _is_immutability(exc) else None
    if isinstance(exc, ValidationError):
        codes = {e.code for e in exc.error_list if getattr(e, "code", None)} if hasattr(exc, "error_list") else set()
        for code in codes:
            if code in Rule.values:
                return Rule(code)
    return None


def field_errors(exc: ValidationError) -> dict[str | None, list[str]]:
    """A ValidationError's messages by field (None for the whole form), to put beside the inputs of a form."""
    if isinstance(exc, RuleViolation):
        return {exc.field: exc.messages}
    if hasattr(exc, "error_dict"):
        out: dict[str | None, list[str]] = {}
        for field, errors in exc.error_dict.items():
            key = None if field == "__all__" else field
            out.setdefault(key, []).extend(ValidationError(errors).messages)
        return out
    return {None: exc.messages}


def show_on_form(form, exc: BaseException) -> None:
    """Put a refused change's messages on the form: beside the input that caused it when the form has that
    field, above the form otherwise."""
    by_field = field_errors(exc) if isinstance(exc, ValidationError) else {None: _explain(exc, None)}
    _heard(exc, type(getattr(form, "instance", None)) if hasattr(form, "instance") else None,
           [text for texts in by_field.values() for text in texts])
    for field, texts in by_field.items():
        form.add_error(field if field in form.fields else None, texts)


def _validation_messages(exc: ValidationError, model) -> list[str]:
    if isinstance(exc, RuleViolation) or not hasattr(exc, "error_dict"):
        return list(exc.messages)
    out = []
    for field, errors in exc.error_dict.items():
        label = _field_label(model, field)
        for message in ValidationError(errors).messages:
            out.append(f"{label}:{message}" if label else message)
    return out


def _field_label(model, field: str) -> str:
    if field in (None, "__all__"):
        return ""
    if model is not None:
        try:
            return str(model._meta.get_field(field).verbose_name)
        except Exception:  # noqa: BLE001 - not a model field: show its name as it is
            pass
    return field


def _database_message(exc: DatabaseError) -> str:
    text = str(exc)
    for name, message in _DATABASE_RULES.items():
        if name in text:
            return message
    if isinstance(exc, IntegrityError):
        if "UNIQUE" in text.upper() or "duplicate key" in text:
            return _("与已有记录重复,未保存")
        return _("数据不符合数据库约束,未保存(%(detail)s)") % {"detail": text.splitlines()[0][:120]}
    if _is_immutability(exc):
        return _("R3 账簿不得擅改:数据库拒绝了此项修改(已记账的凭证及其分录不能修改或删除)")
    return _("数据库拒绝了此项操作,未保存任何数据")


def _is_immutability(exc: DatabaseError) -> bool:
    """Refused by the triggers that keep posted books unchanged (pgtrigger's protections, the posted-lines
    triggers), not by a constraint."""
    text = str(exc)
    return not isinstance(exc, IntegrityError) and ("pgtrigger" in text or "Cannot" in text)
