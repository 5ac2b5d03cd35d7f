"""The definition copies at the end of drafts, recognised by their bytes."""

from __future__ import annotations

from greendesk.document import DEFINITION_MEMBER
from greendesk.review.tails import Tails

TAIL = DEFINITION_MEMBER + b'{"id": "x"}\n}\n'


def test_a_tail_met_is_found_where_it_starts_with_its_value():
    tails: Tails[str] = Tails()
    assert tails.find(b'{\n "a": 1,' + TAIL) == (10, None)  # not met yet: found by searching
    tails.add(TAIL, "form-x")
    assert tails.find(b'{\n "b": 22,' + TAIL) == (11, "form-x")
    other = TAIL.replace(b'"x"', b'"y"')  # the same length, other bytes
    assert tails.find(b'{\n "b": 22,' + other) == (11, None)
    assert tails.find(b'{"no": "definition"}') == (-1, None)


def test_the_last_member_is_found_when_the_file_holds_two():
    tails: Tails[str] = Tails()
    tails.add(TAIL, "form-x")
    data = b'{\n "a": 1,' + TAIL[:-2] + b"," + TAIL
    assert tails.find(data) == (len(data) - len(TAIL), "form-x")
    assert Tails().find(data) == (len(data) - len(TAIL), None)  # by searching, the same place


def test_at_most_the_limit_is_kept_and_a_tail_once():
    tails: Tails[int] = Tails(limit=2)
    for i in range(4):
        tails.add(TAIL.replace(b'"x"', f'"{i}"'.encode()), i)
    tails.add(TAIL.replace(b'"x"', b'"0"'), 99)  # met again: the first value stays
    found = [tails.find(b"{" + TAIL.replace(b'"x"', f'"{i}"'.encode()))[1] for i in range(4)]
    assert found == [0, 1, None, None]


def test_a_tail_met_again_takes_no_room():
    tails: Tails[int] = Tails(limit=2)
    tails.add(TAIL, 1)
    tails.add(TAIL, 2)  # the same bytes: kept once, with the first value
    other = TAIL.replace(b'"x"', b'"y"')
    tails.add(other, 3)  # so there is room for another copy
    assert tails.find(b"{" + TAIL) == (1, 1) and tails.find(b"{" + other) == (1, 3)
