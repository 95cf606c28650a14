"""Whose report it is: the 编制单位 in a report's heading, from the reader's own scope narrowed by the filter, so a
county-wide report says the county's name and a township officer's says his township's — never a placeholder."""

from django.utils.translation import gettext as _

from coop.roles import Level, level_of


def compiled_by(user, *, township=None, village=None) -> str:
    """The village chosen, else the township chosen (or the reader's own township, village), else the reader's
    county; 全县 for an unscoped superuser with nothing chosen."""
    level = level_of(user.role) if user.role else None
    if village is None and level == Level.VILLAGE:
        village = user.village
    if village is not None:
        return f"{village.township.name}{village.name}"
    if township is None and level == Level.TOWNSHIP:
        township = user.township
    if township is not None:
        return f"{township.county.name}{township.name}"
    county = getattr(user, "county", None)
    return county.name if county else _("全县")
