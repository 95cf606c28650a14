"""The demo county, modelled on Liuba (DOMAIN.md §1): its townships, 11 pilot villages with
cooperatives and charters, a few villages without one, and one login per role.

The domain apps add their parts (books, members, shares, loans, projects) by registering them here from
their AppConfig.ready with `register_part`, so the organisation knows no domain app; `seed_all` runs the
organisation first, then each part in its order, until the county summary reproduces the table in
DOMAIN.md §1. Every step is get-or-create on a natural key, so a second run changes nothing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils.module_loading import import_string
from stdnum.cn import uscc

from coop import operations
from coop.models import Charter, Cooperative, County, Township, User, Village
from coop.roles import Role

DEMO_PASSWORD = "liuba-demo-2016"
COUNTY = ("留坝县", "610729")

# (code, name, kind, pinyin for logins)
TOWNSHIPS = [
    ("610729001", "紫柏街道", Township.Kind.SUBDISTRICT, "zibai"),
    ("610729101", "马道镇", Township.Kind.TOWN, "madao"),
    ("610729102", "武关驿镇", Township.Kind.TOWN, "wuguanyi"),
    ("610729103", "留侯镇", Township.Kind.TOWN, "liuhou"),
    ("610729104", "江口镇", Township.Kind.TOWN, "jiangkou"),
    ("610729105", "玉皇庙镇", Township.Kind.TOWN, "yuhuangmiao"),
    ("610729106", "火烧店镇", Township.Kind.TOWN, "huoshaodian"),
]

# (township code, village code suffix, name, size, pinyin, chairman, founded) — the 11 pilots
PILOTS = [
    ("610729001", "201", "桑园村", Village.Size.LARGE, "sangyuan", "王建国", date(2016, 4, 18)),
    ("610729001", "202", "小留坝村", Village.Size.SMALL, "xiaoliuba", "李明华", date(2016, 4, 20)),
    ("610729101", "201", "沙坝村", Village.Size.SMALL, "shaba", "张德全", date(2016, 5, 6)),
    ("610729101", "202", "草店子村", Village.Size.LARGE, "caodianzi", "刘永福", date(2016, 5, 9)),
    ("610729102", "201", "河口村", Village.Size.SMALL, "hekou", "陈志强", date(2016, 5, 12)),
    ("610729103", "201", "营盘村", Village.Size.LARGE, "yingpan", "杨兴旺", date(2016, 3, 28)),
    ("610729103", "202", "闸口石村", Village.Size.SMALL, "zhakoushi", "赵春生", date(2016, 4, 2)),
    ("610729104", "201", "柘梨园村", Village.Size.SMALL, "zheliyuan", "黄国庆", date(2016, 6, 1)),
    ("610729105", "201", "玉皇庙村", Village.Size.LARGE, "yuhuangmiao", "周正平", date(2016, 5, 25)),
    ("610729106", "201", "中坝村", Village.Size.SMALL, "zhongba", "吴长青", date(2016, 6, 8)),
    ("610729106", "202", "楼房沟村", Village.Size.SMALL, "loufanggou", "郑家兴", date(2016, 6, 10)),
]

# Villages of the county that are not pilots: they appear in lists but have no cooperative.
OTHER_VILLAGES = [
    ("610729101", "203", "两河口村", Village.Size.SMALL),
    ("610729103", "203", "庙台子村", Village.Size.LARGE),
    ("610729106", "203", "二郎坝村", Village.Size.SMALL),
]

CHARTER = {"dividend_ratio": Decimal("60"), "development_ratio": Decimal("20"),
           "accumulation_ratio": Decimal("20"), "loan_max_amount": Decimal("10000.00"),
           "loan_max_term_months": 12}


# (order, dotted path of a function that seeds one app's part of the demo), lowest order first
_PARTS: list[tuple[int, str]] = []


def register_part(seed_path: str, *, order: int) -> None:
    """Add an app's demo part. `order` places it among the others: a part that needs another's rows (the
    members' shares need the ledgers' books) takes a higher number. Registering the same part twice is a
    no-op, so a reloaded app config does not seed twice."""
    if not any(path == seed_path for _, path in _PARTS):
        _PARTS.append((order, seed_path))
        _PARTS.sort()


def seed_all() -> list["Login"]:
    """The whole demo: the organisation and its logins, then every registered part in order."""
    logins = seed()
    for _, path in _PARTS:
        import_string(path)()
    return logins


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str
    scope: str


def village_credit_code(village_code: str) -> str:
    """A well-formed 村级集体经济组织 code (N2 + region + subject + check) for a demo cooperative."""
    body = f"N2{village_code[:6]}MA{village_code[-6:]}0"
    return body + uscc.calc_check_digit(body)


def seed() -> list[Login]:
    county = County.objects.filter(code=COUNTY[1]).first() or operations.register_county(
        name=COUNTY[0], code=COUNTY[1])
    townships = {}
    for code, name, kind, _ in TOWNSHIPS:
        townships[code] = Township.objects.filter(code=code).first() or operations.register_township(
            county=county, name=name, code=code, kind=kind)
    villages = []
    for tcode, suffix, name, size, pinyin, chairman, founded in PILOTS:
        village = _village(townships[tcode], tcode + suffix, name, size)
        coop = Cooperative.objects.filter(village=village).first() or operations.found_cooperative(
            village=village, name=f"{COUNTY[0]}{name}扶贫互助合作社", chairman_name=chairman,
            founded_on=founded, credit_code=village_credit_code(village.code),
            address=f"陕西省汉中市{COUNTY[0]}{townships[tcode].name}{name}村委会")
        if not Charter.objects.filter(cooperative=coop).exists():
            operations.adopt_charter(cooperative=coop, adopted_on=founded, **CHARTER)
        villages.append((village, pinyin, chairman))
    for tcode, suffix, name, size in OTHER_VILLAGES:
        _village(townships[tcode], tcode + suffix, name, size)
    return _logins(county, townships, villages)


def _village(township, code, name, size):
    return Village.objects.filter(code=code).first() or operations.register_village(
        township=township, name=name, code=code, size=size)


def _logins(county, townships, villages) -> list[Login]:
    wanted = [
        dict(username="county_admin", role=Role.COUNTY_ADMIN, full_name="孙立新", county=county),
        dict(username="auditor", role=Role.AUDITOR, full_name="钱审之", county=county,
             department="县审计局"),
        dict(username="inspector_water", role=Role.INSPECTOR, full_name="何水生", county=county,
             department="县水利局"),
    ]
    for code, name, _, pinyin in TOWNSHIPS:
        # two at each township: four eyes (R2) need a second person for reversals and year-end transfers
        wanted.append(dict(username=f"{pinyin}_finance", role=Role.TOWNSHIP_OFFICER,
                           full_name=f"{name[:1]}会计", township=townships[code]))
        wanted.append(dict(username=f"{pinyin}_review", role=Role.TOWNSHIP_OFFICER,
                           full_name=f"{name[:1]}复核", township=townships[code]))
    for village, pinyin, chairman in villages:
        wanted.append(dict(username=f"{pinyin}_chair", role=Role.CHAIRMAN, full_name=chairman,
                           village=village))
    logins = []
    existing = set(User.objects.filter(username__in=[spec["username"] for spec in wanted]).values_list(
        "username", flat=True))
    hashed = make_password(DEMO_PASSWORD) if len(existing) < len(wanted) else None
    for spec in wanted:
        if spec["username"] not in existing:
            operations.open_account(password=DEMO_PASSWORD, password_hash=hashed, **spec)
        scope = spec.get("village") or spec.get("township") or spec.get("county")
        logins.append(Login(Role(spec["role"]).label, spec["username"], DEMO_PASSWORD, str(scope)))
    return logins
