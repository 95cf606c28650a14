"""A person's ID number is one identity, whatever the case of its check character (moved from test_cadres)."""

import pytest
from django.core.exceptions import ValidationError

from members import operations as mem


def test_an_id_number_is_stored_once_whatever_its_case(coop_books):
    mem.register_person(household=coop_books.households[1], name="甲", id_number="44011320141005001x",
                        relation="child", by=coop_books.chair)
    with pytest.raises(ValidationError):
        mem.register_person(household=coop_books.households[2], name="乙", id_number="44011320141005001X",
                            relation="child", by=coop_books.chair)
