"""``children``: local names of element children, as the readers dispatch on them."""

from __future__ import annotations

from lxml import etree

from bankwire.messages.iso20022.common import (
    children,
    element_path,
    institution_bic,
    read_account,
    read_agent,
    read_choice,
    tag_of,
)

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


# Comments and processing instructions are legal anywhere in the tree; their ``tag`` is a
# factory function, not a str. Every reader that reaches a node by position must cope (the
# compiled build checks declared types, so a str assumed here would raise ``TypeError``).
_COMMENT = "<!-- note -->"
_PI = "<?pi x?>"


def test_tag_of_is_the_tag_of_an_element_and_the_factory_of_a_comment_or_pi() -> None:
    element = etree.fromstring(f'<Nm xmlns="{_NS}">{_COMMENT}{_PI}A</Nm>')
    comment, instruction = element[0], element[1]
    assert tag_of(element) == f"{{{_NS}}}Nm"
    assert tag_of(comment) is etree.Comment
    assert tag_of(instruction) is etree.ProcessingInstruction


def test_readers_skip_a_comment_or_pi_where_they_look_by_position() -> None:
    for marker in (_COMMENT, _PI):
        agent = etree.fromstring(
            f'<InstgAgt xmlns="{_NS}">{marker}<FinInstnId>{marker}<BICFI>DEUTDEFF</BICFI>'
            "</FinInstnId></InstgAgt>"
        )
        assert read_agent(agent).bic == "DEUTDEFF"
        account = etree.fromstring(
            f'<DbtrAcct xmlns="{_NS}">{marker}<Id>{marker}<IBAN>GB82WEST12345698765432</IBAN>'
            "</Id></DbtrAcct>"
        )
        assert read_account(account).iban == "GB82WEST12345698765432"
        other = etree.fromstring(
            f'<DbtrAcct xmlns="{_NS}"><Id><Othr>{marker}<Id>12345</Id></Othr></Id></DbtrAcct>'
        )
        assert read_account(other).other_id == "12345"
        choice = etree.fromstring(f'<SvcLvl xmlns="{_NS}">{marker}<Cd>G001</Cd></SvcLvl>')
        assert read_choice(choice) == "G001"


def test_institution_bic_behind_a_comment() -> None:
    head = "urn:iso:std:iso:20022:tech:xsd:head.001.001.02"
    party = etree.fromstring(
        f'<Fr xmlns="{head}">{_COMMENT}<FIId>{_PI}<FinInstnId><BICFI>DEUTDEFF</BICFI>'
        "</FinInstnId></FIId></Fr>"
    )
    bic = institution_bic(party)
    assert bic is not None and bic.text == "DEUTDEFF"


def test_element_path_counts_elements_not_comments_among_siblings() -> None:
    body = etree.fromstring(
        f'<Strd xmlns="{_NS}"><AddtlRmtInf>A</AddtlRmtInf>{_COMMENT}{_PI}'
        "<AddtlRmtInf>B</AddtlRmtInf></Strd>"
    )
    assert element_path(body[3]) == "/Strd/AddtlRmtInf[2]"
    assert element_path(body[0]) == "/Strd/AddtlRmtInf[1]"
