"""``children``: local names of element children, as the readers dispatch on them."""

from __future__ import annotations

from lxml import etree

from bankwire.messages.iso20022.common import children

_NS = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"


def test_children_names_in_the_parents_namespace_and_skips_comments() -> None:
    element = etree.fromstring(
        f'<Dbtr xmlns="{_NS}"><Nm>A</Nm><!-- note --><?pi x?>'
        "<PstlAdr><Ctry>DE</Ctry></PstlAdr></Dbtr>"
    )
    found = children(element)
    assert [name for name, _ in found] == ["Nm", "PstlAdr"]
    assert [child.tag for _, child in found] == [f"{{{_NS}}}Nm", f"{{{_NS}}}PstlAdr"]


def test_children_names_are_interned_and_stable_across_calls() -> None:
    element = etree.fromstring(f'<Dbtr xmlns="{_NS}"><Nm>A</Nm></Dbtr>')
    ((first, _),) = children(element)
    ((again, _),) = children(element)
    assert first == "Nm" and first is again


def test_a_foreign_child_gets_a_name_that_matches_nothing() -> None:
    # The parent's prefix length cuts every child's tag: a child of another namespace (or of
    # none) is not taken for the element of the same local name.
    element = etree.fromstring(
        f'<Dbtr xmlns="{_NS}"><x:Nm xmlns:x="urn:other">A</x:Nm><Nm xmlns="">B</Nm></Dbtr>'
    )
    names = [name for name, _ in children(element)]
    assert "Nm" not in names
    assert names == ["{urn:other}Nm"[len(_NS) + 2 :], ""]


def test_children_of_an_element_without_namespace() -> None:
    element = etree.fromstring("<Dbtr><Nm>A</Nm><Ctry>DE</Ctry></Dbtr>")
    assert [name for name, _ in children(element)] == ["Nm", "Ctry"]
