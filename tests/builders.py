"""Builders for realistic organisation data; every row goes through coop.operations like real data does."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from coop import operations
from coop.models import Village
from coop.roles import Role

PASSWORD = "test-pass-2016"


def county(name="留坝县", code="610729"):
    return operations.register_county(name=name, code=code)


def township(county, name, code, **kw):
    return operations.register_township(county=county, name=name, code=code, **kw)


def village(township, name, suffix, size=Village.Size.SMALL, **kw):
    return operations.register_village(township=township, name=name, code=township.code + suffix, size=size,
                                       **kw)


def cooperative(village, *, charter=True, **kw):
    coop = operations.found_cooperative(village=village, name=f"{village.name}扶贫互助合作社",
                                        chairman_name=kw.pop("chairman_name", "王书记"),
                                        founded_on=kw.pop("founded_on", date(2016, 5, 1)), **kw)
    if charter:
        operations.adopt_charter(cooperative=coop, adopted_on=date(2016, 5, 1), dividend_ratio=Decimal("60"),
                                 development_ratio=Decimal("20"), accumulation_ratio=Decimal("20"))
    return coop


def account(username, role, **scope):
    return operations.open_account(username=username, password=PASSWORD, role=role,
                                   full_name=scope.pop("full_name", "测试用户"), **scope)


def world():
    """Two counties. In 留坝县: 紫柏街道 with two pilot villages, 马道镇 with one pilot and one plain village.
    In 佛坪县: one township and one pilot village, to prove nothing crosses a county line.
    One login per role in 留坝县 (the chairman of 桑园村, the officer of 紫柏街道) and a county admin in 佛坪."""
    w = SimpleNamespace()
    w.c1 = county()
    w.c2 = county("佛坪县", "610730")
    w.t1 = township(w.c1, "紫柏街道", "610729001")
    w.t2 = township(w.c1, "马道镇", "610729101")
    w.t3 = township(w.c2, "袁家庄街道", "610730001")
    w.v11 = village(w.t1, "桑园村", "201", Village.Size.LARGE)
    w.v12 = village(w.t1, "小留坝村", "202")
    w.v21 = village(w.t2, "沙坝村", "201")
    w.v22 = village(w.t2, "两河口村", "203")
    w.v31 = village(w.t3, "东河台村", "201")
    w.k11, w.k12, w.k21, w.k31 = (cooperative(v) for v in (w.v11, w.v12, w.v21, w.v31))
    w.users = {
        Role.COUNTY_ADMIN: account("admin1", Role.COUNTY_ADMIN, county=w.c1),
        Role.TOWNSHIP_OFFICER: account("officer1", Role.TOWNSHIP_OFFICER, township=w.t1),
        Role.CHAIRMAN: account("chair11", Role.CHAIRMAN, village=w.v11),
        Role.AUDITOR: account("auditor1", Role.AUDITOR, county=w.c1),
        Role.INSPECTOR: account("inspector1", Role.INSPECTOR, county=w.c1, department="县水利局"),
    }
    w.chair21 = account("chair21", Role.CHAIRMAN, village=w.v21)
    w.officer2 = account("officer2", Role.TOWNSHIP_OFFICER, township=w.t2)
    w.admin2 = account("admin2", Role.COUNTY_ADMIN, county=w.c2)
    w.chair31 = account("chair31", Role.CHAIRMAN, village=w.v31)
    return w


def ledger(village, officer, *, start=date(2026, 1, 1), through=(2026, 11), chart="2023"):
    """A village's books opened by its township officer, with every month up to `through` open."""
    from finance import operations as fin

    books = fin.open_ledger(village=village, start=start, by=officer, chart=chart)
    while (books.periods.order_by("-year", "-month").values_list("year", "month").first()) < through:
        fin.open_period(ledger=books, by=officer)
    return books


def lines(*specs):
    """lines(("102", "debit", "100"), ("301", "credit", "100")) with a default summary."""
    from finance.operations import Line

    return [Line(code, side, amount, summary or "测试分录") for code, side, amount, *rest in specs
            for summary in [rest[0] if rest else ""]]


def posted(books, on, specs, *, preparer, approver):
    from finance import operations as fin

    return fin.post_entry(village=books, on=on, summary="测试", lines=lines(*specs), prepared_by=preparer,
                          approved_by=approver)


def id_number(n: int, year: int = 1980) -> str:
    """A valid 18-digit ID number, different for each n (北京东城区, born 1 Jan of `year`)."""
    from stdnum.cn import ric

    body = f"110101{year}0101{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def xlsx(rows, header) -> bytes:
    """An .xlsx file's bytes: the header row, then the rows, as a clerk's upload would arrive."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def png_upload(name="扫描件.png"):
    """A small real PNG, as a scanner's upload would arrive."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
