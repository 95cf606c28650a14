"""`fund_disburse`: the command pays approved loans through the operation and prints each R6 refusal."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from finance.fund import operations as fund_ops
from finance.fund.models import Loan, Stage
from members import operations as mem
from tests.fund.conftest import approved, terms_kwargs


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("fund_disburse", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc)
    return out.getvalue(), err.getvalue()


def test_the_command_pays_out_approved_loans(fund_world):
    b = fund_world
    loan = approved(b, b.members[0])
    out, err = run("--village", b.world.v11.code, "--on", "2026-11-02")
    assert "已放款" in out and not err
    assert Loan.objects.get(pk=loan.pk).stage == Stage.DISBURSED


def test_the_command_names_the_rule_for_each_loan_it_refuses(fund_world):
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=date(2026, 11, 1), effective_from=date(2026, 11, 1), by=b.officer,
                       **terms_kwargs(reserve_amount=294000))
    first, second, third = (approved(b, m, "5000") for m in b.members[:3])
    mem.leave_cooperative(member=b.members[2], on=b.day, by=b.chair)
    out, err = run("--village", b.world.v11.code, "--on", "2026-11-02", str(first.number), str(second.number),
                   str(third.number))
    assert "00001 已放款" in out
    assert "00002" in err and "可用余额" in err and "00003" in err and "已退社" in err and "2 笔未能放款" in err
    assert [loan.stage for loan in Loan.objects.order_by("number")] == [Stage.DISBURSED, Stage.APPROVED,
                                                                        Stage.APPROVED]


@pytest.mark.parametrize(("args", "words"), [(["--village", "000000000000"], "不存在"),
                                              (["--village", "610729001201", "--user", "nobody"], "nobody")])
def test_the_command_refuses_an_unknown_village_or_user(fund_world, args, words):
    assert words in run(*args)[1]
