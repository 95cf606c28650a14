"""How much of a villager's ID number, phone or bank account a page, a print or a publication shows — written once
for every app. A published disclosure must show none whole (REFERENCE-DISCLOSURE-PROJECTS.md A.6): `scrub` runs over
every text of its snapshot when it is frozen, so a number that slipped into a voucher's summary or a bidder's name is
masked too, whatever section put it there."""

import re

ID_NUMBER = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
PHONE = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")
ACCOUNT = re.compile(r"(?<!\d)\d{8,}(\d{4})(?!\d)")  # bank cards and accounts: 12–30 digits


def mask_id(number: str) -> str:
    """Birthplace and last four, the birth date hidden."""
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)


def mask_phone(number: str) -> str:
    return number[:3] + "****" + number[-4:] if len(number) == 11 else "*" * len(number)


def mask_account(number: str) -> str:
    """The last four digits: enough for the holder to recognise the account."""
    if not number:
        return ""
    digits = re.sub(r"\s", "", number)
    return "****" + digits[-4:] if len(digits) > 4 else "****"


def scrub(text: str) -> str:
    """The text with every ID number, mobile number and long digit run (an account) masked."""
    text = ID_NUMBER.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    text = PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    return ACCOUNT.sub(lambda m: "****" + m.group(1), text)


def scrub_all(value):
    """`scrub` over every string of a JSON-like value."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [scrub_all(item) for item in value]
    if isinstance(value, dict):
        return {key: scrub_all(item) for key, item in value.items()}
    return value
