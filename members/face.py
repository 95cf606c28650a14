"""What other apps use of members: the R4 cadre exclusion (services/ before appointing a leader or paying
wages or rent, projects/ before paying for labour or machinery). Import it from here; see `members.cadres`
for what counts as a cadre and as immediate family, and for the cost (a constant number of queries).

    require_not_cadre_or_family(persons, on, rule=Rule.R4B)  # a payee or a whole payroll; raises
    require_not_cadre(persons, on, rule=Rule.R4A)            # a leader; raises
    cadre_relations(persons, on) -> {person id: reason}      # R4b for a screen, without raising
    cadre_refusals([(row, person, on), ...]) -> [Refusal]    # R4b for a batch (an import), each against its row
    cadre_posts(persons, on) -> {person id: reason}          # R4a for a screen, without raising
    terms_begun_after(person, start, on) -> CadreTerm qs      # R4a after the fact: a post taken after an appointment
    post_label(post) -> str                                  # a cadre post in words
    id_number_cell(value) -> str                             # an Excel cell holding an ID number; raises CellError
    holdings_on(cooperative, on) -> {member id: shares}      # the share register on a record date (dividends)
    persons_by_id_number(numbers, village) -> {id: Person}   # an import's workers or borrowers, of that village only

An import looks its people up with `persons_by_id_number` and nothing wider: a number of someone in another village
must read like an unknown one ("人员名册中没有…"), never name or confirm that person (a village sees only itself).

The refusal is a `CadreExclusion` (a `RuleViolation`): `rule`, a message naming every offender, and
`offenders` ({person id: reason}) to mark each line of a payroll.
"""

from members.cadres import (
    CadreExclusion,
    cadre_posts,
    cadre_refusals,
    cadre_relations,
    post_label,
    require_not_cadre,
    require_not_cadre_or_family,
    terms_begun_after,
)
from members.imports.cells import CellError
from members.imports.cells import id_number as id_number_cell
from members.queries import holdings_on, persons_by_id_number

__all__ = ["CadreExclusion", "CellError", "cadre_posts", "cadre_refusals", "cadre_relations", "holdings_on",
           "id_number_cell", "persons_by_id_number", "post_label", "require_not_cadre", "require_not_cadre_or_family",
           "terms_begun_after"]
