"""Money helpers shared by every app: rounding to the fen, display as ¥1,234.56, capital numerals (大写),
and splits whose parts add up exactly to the whole."""

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Func, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

FEN = Decimal("0.01")


class _ReadToTheFen(Func):
    """The expression as it is, its value read back as Decimal to the fen (and -0.00 as 0.00)."""

    template = "%(expressions)s"
    output_field = DecimalField(max_digits=18, decimal_places=2)

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), self._to_fen]

    @staticmethod
    def _to_fen(value, expression, connection):
        if value is None:
            return None
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return amount.quantize(FEN, rounding=ROUND_HALF_UP) + 0


def money_sum(expression, **extra) -> Func:
    """SUM of a money expression (F("debit") - F("credit"), a Case of signed amounts), 0.00 over no rows, read back
    to the fen on every database: SQLite adds such expressions in floating point and would hand back -9.77E-13
    for nothing (a fully repaid fund's 到期应还, and a repayment rate of -0.00 %)."""
    money = DecimalField(max_digits=18, decimal_places=2)
    return _ReadToTheFen(Coalesce(Sum(expression, output_field=money, **extra), Value(Decimal("0.00")),
                                  output_field=money))


def to_fen(value) -> Decimal:
    """Round half-up (四舍五入) to the fen. Floats are refused: they carry binary noise into the books. NaN,
    Infinity and numbers too long to round (1E+30) are refused as a ValidationError, which every door shows in
    words: the operations name the field first (coop.limits), this is the net under what they do not check."""
    if isinstance(value, float):
        raise TypeError("money must be Decimal, int or str, never float")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValidationError(_("金额“%(v)s”不是有效的数字"), code="amount_not_finite", params={"v": value})
    try:
        return amount.quantize(FEN, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValidationError(_("金额 %(v)s 超出上限"), code="amount_too_large", params={"v": value}) from None


def yuan(value, *, symbol: bool = True) -> str:
    """¥1,234.56 — the way amounts are shown on every screen and report; blank for None."""
    if value is None:
        return ""
    amount = to_fen(value)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):,.2f}"
    return f"{sign}¥{text}" if symbol else f"{sign}{text}"


def daxie(value) -> str:
    """The amount in capital numerals as 会计基础工作规范 第52条 requires on vouchers:
    整 after 元 or 角 when nothing follows, nothing after 分 (10.50 → 壹拾元伍角整)."""
    amount = to_fen(value)
    if amount < 0:
        return "负" + daxie(-amount)
    import cn2an  # on first use: its import compiles ~0.5 s of regular expressions at every manage.py start

    text = cn2an.an2cn(str(amount), "rmb")
    if amount % 1 and (amount * 100) % 10 == 0:  # stops at 角: cn2an writes no 整 there
        text += "整"
    return text


def split(total, weights: Sequence) -> list[Decimal]:
    """Share `total` in proportion to `weights`, to the fen, by the largest-remainder method, so that the
    parts always add up to the total exactly. Ties in the remainder go to the earlier weight.

    A negative total (a reversal's share of a split) is split as its opposite and every part negated, so
    each part is the mirror of the positive split and no part ever has the wrong sign."""
    total = to_fen(total)
    if total < 0:
        return [-part for part in split(-total, weights)]
    weights = [Decimal(w) for w in weights]
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if not weights or weight_sum == 0:
        raise ValueError("there is nothing to split by")
    cents = int(total / FEN)
    exact = [Decimal(cents) * w / weight_sum for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    left = cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(c) * FEN for c in floors]
