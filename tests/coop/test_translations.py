"""The translation catalogs: the English one covers every string of the project, the compiled .mo files match
their .po sources, placeholders survive translation, and the pages really switch language."""

import gettext
import re
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coop.models import Village
from coop.roles import Role

LOCALE = Path(settings.LOCALE_PATHS[0])
CATALOGS = ["en", "zh_Hans"]
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
CJK = re.compile(r"[\u3400-\u9fff]")


def unquote(text):
    """The value of one quoted .po string: "…" with C escapes."""
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a quoted .po string: {text!r}"
    return re.sub(r"\\(.)", lambda m: ESCAPES[m.group(1)], text[1:-1])


def parse_po(path):
    """The entries of a .po file, each a dict with msgctxt, msgid, msgid_plural, msgstr (a list: one item, or
    one per plural form) and flags. Obsolete (#~) entries are left out; the header (msgid "") is kept."""
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            finish()
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#") and entry is not None and entry["msgstr"]:  # the next entry's comments
            finish()
            entry, key = None, None
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": [], "line": number}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert key is not None, f"{path}:{number}: continuation line outside an entry"
            if key == "msgstr":
                entry["msgstr"][-1] += unquote(line)
            else:
                entry[key] += unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                if keyword in ("msgctxt", "msgid") and "msgid" in entry:  # a new entry with no blank line before
                    finish()
                    entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": [], "line": number}
                entry[keyword], key = unquote(rest), keyword
            elif keyword == "msgstr" or re.fullmatch(r"msgstr\[\d+\]", keyword):
                entry["msgstr"].append(unquote(rest))
                key = "msgstr"
            else:
                raise AssertionError(f"{path}:{number}: cannot read {line!r}")
    finish()
    return entries


def messages(language):
    """The translatable entries of the project's catalog for a language (the header left out)."""
    return [e for e in parse_po(LOCALE / language / "LC_MESSAGES" / "django.po") if e["msgid"]]


def label(entry):
    return f"line {entry['line']}: {entry['msgid'][:40]!r}"


def test_the_parser_reads_multi_line_strings_and_plurals(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#, fuzzy, python-format\nmsgid ""\n"a %(x)s "\n'
                  '"b \\"c\\""\nmsgstr "d"\n\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "1"\nmsgstr[1] "n"\n'
                  '\n#~ msgid "old"\n#~ msgstr "gone"\n', encoding="utf-8")
    header, first, second = parse_po(po)
    assert header["msgstr"] == ["Language: en\n"]
    assert first["msgid"] == 'a %(x)s b "c"' and first["msgstr"] == ["d"]
    assert first["flags"] == {"fuzzy", "python-format"}
    assert second["msgid_plural"] == "many" and second["msgstr"] == ["1", "n"]


@pytest.mark.parametrize("language", CATALOGS)
def test_every_string_is_translated_and_none_is_fuzzy(language):
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 1
    fuzzy = [label(e) for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries in {language}: {fuzzy}"
    empty = [label(e) for e in entries if e["msgid"] and (not e["msgstr"] or not all(s.strip() for s in e["msgstr"]))]
    assert not empty, f"untranslated entries in {language}: {empty}"


@pytest.mark.parametrize("language", CATALOGS)
def test_the_compiled_catalog_matches_its_source(language):
    """A .mo left behind after editing the .po (compilemessages forgotten) serves stale translations."""
    directory = LOCALE / language / "LC_MESSAGES"
    with open(directory / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in messages(language):
        msgid = entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if entry["msgid_plural"] is None:
            assert compiled.gettext(msgid) == entry["msgstr"][0], label(entry)
        else:
            forms = [compiled.ngettext(msgid, entry["msgid_plural"], n) for n in (1, 2, 5, 11, 21)]
            assert set(forms) <= set(entry["msgstr"]) and forms[0] == entry["msgstr"][0], label(entry)
    assert len(compiled._catalog) - 1 >= len(messages(language))  # no entry lost (the header is one more)


NAMED = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%(?!\()[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
TEMPLATE = re.compile(r"{{.*?}}|{%.*?%}")


def placeholders(text):
    named = set(NAMED.findall(text))
    positional = sorted(POSITIONAL.findall(NAMED.sub("", text)))
    return named, positional, sorted(TEMPLATE.findall(text))


@pytest.mark.parametrize("language", CATALOGS)
def test_placeholders_survive_translation(language):
    for entry in messages(language):
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] else [])
        expected = placeholders(sources[-1])
        for msgstr in entry["msgstr"]:
            assert placeholders(msgstr) == expected, f"{label(entry)} -> {msgstr!r}"


def test_placeholders_are_compared_strictly():
    assert placeholders("R7 %(total)s%%,100%%") != placeholders("R7 %(sum)s%%, 100%%")
    assert placeholders("100%%") != placeholders("100%")
    assert placeholders("%(a)s and %(b)d") == placeholders("%(b)d, then %(a)s")
    assert placeholders("Share (%)") == placeholders("比例(%)")


def test_the_english_catalog_keeps_rule_codes_first():
    for entry in messages("en"):
        code = re.match(r"R\d+ ", entry["msgid"])
        if code:
            assert entry["msgstr"][0].startswith(code.group()), label(entry)


def test_the_chinese_catalog_holds_only_djangos_untranslated_strings():
    """locale/zh_Hans fills gaps in Django's own zh_Hans catalogs; the project's strings are already Chinese.
    Once Django translates one of these itself, the entry here should go."""
    django_locale = Path(django.__file__).parent
    own = []
    for path in [django_locale / "conf" / "locale", django_locale / "contrib" / "admin" / "locale"]:
        with open(path / "zh_Hans" / "LC_MESSAGES" / "django.mo", "rb") as mo:
            own.append(gettext.GNUTranslations(mo))
    for entry in messages("zh_Hans"):
        assert not CJK.search(entry["msgid"]), f"a project string in the zh_Hans catalog: {label(entry)}"
        for catalog in own:
            assert entry["msgid"] not in catalog._catalog and (entry["msgid"], 0) not in catalog._catalog, (
                f"Django now translates {entry['msgid']!r} itself; remove it from locale/zh_Hans")


def test_model_names_are_translated_into_english():
    with translation.override("en"):
        name = str(Village._meta.verbose_name)
        role = str(Role.TOWNSHIP_OFFICER.label)
    assert name == "Village" and name.isascii()
    assert role == "Township finance officer"
    with translation.override("zh-hans"):
        assert str(Village._meta.verbose_name) == "村"


def test_the_admin_switches_to_english(world, client_for):
    client = client_for(world.users[Role.AUDITOR])
    response = client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert '<html lang="en"' in response.text
    assert "Dashboard" in response.text and "工作台" not in response.text
    assert "To-do" in response.text and "待办事项" not in response.text
    assert "Village" in response.text


def test_the_chinese_admin_has_no_english_blank_choice(world, client_for):
    """Django 6.1's "- Select an option -" (actions dropdown, select fields) is missing from its zh_Hans catalog."""
    response = client_for(world.users[Role.COUNTY_ADMIN]).get(reverse("admin:coop_village_changelist"))
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in response.text
    assert "Select an option" not in response.text
    assert "- 请选择 -" in response.text
