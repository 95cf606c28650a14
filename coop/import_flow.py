"""Upload → preview → confirm, the steps every Excel import page takes, whatever it imports.

A page parses the upload (never writing), shows the row errors or a preview; a clean upload is stashed
(coop.spreadsheets.stash) and its token rides in the confirmation form; the confirmation takes the stash back,
parses it again (the data may have changed since) and applies it, all or nothing. What differs per import — the
parse, the apply, the page and where it goes after — is the caller's; these two functions are the rest."""

from collections.abc import Callable
from dataclasses import dataclass

from coop import doors, spreadsheets
from coop.errors import DOMAIN_ERRORS, explain_text


def preview(user, data: bytes, parse: Callable) -> dict:
    """The page's context for an upload: `parsed`, and `token` when it parsed cleanly and may be confirmed."""
    parsed = parse(data)
    context = {"parsed": parsed}
    if parsed.ok:
        context["token"] = spreadsheets.stash(user, data)
    return context


@dataclass
class Confirmation:
    parsed: object = None
    written: object = None
    error: str = ""      # the operation's refusal, in the words every door shows
    expired: bool = False

    @property
    def done(self) -> bool:
        return not self.expired and not self.error


def confirm(user, token: str, parse: Callable, apply: Callable) -> Confirmation:
    """Take the stashed upload back, parse it again and apply it (`apply(parsed)`); a refusal comes back as
    `error`, an upload kept too long as `expired` — nothing was written then."""
    data = spreadsheets.take(user, token)
    if data is None:
        return Confirmation(expired=True)
    with doors.at("import"):
        parsed = parse(data)
        try:
            return Confirmation(parsed=parsed, written=apply(parsed))
        except DOMAIN_ERRORS as exc:
            return Confirmation(parsed=parsed, error=explain_text(exc))
