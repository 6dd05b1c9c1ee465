"""As-of list versions: an entry counts from its designation date on, and hits follow."""

from __future__ import annotations

from datetime import date

from bankwire.demo.asof import AsOfScreener
from bankwire.sanctions.result import ScreeningQuery
from bankwire.sanctions.sources import read_list
from bankwire.sanctions.sources.base import SourceFile
from tests.flows.harness import FIXTURES


def screener() -> AsOfScreener:
    parsed = read_list([SourceFile("sdn.csv", (FIXTURES / "sdn.csv").read_bytes())])
    return AsOfScreener(parsed.entries, {"us_ofac_sdn": "bundled-sha"})


def test_pdvsa_is_not_a_hit_before_its_designation() -> None:
    asof = screener()
    query = ScreeningQuery("Petroleos de Venezuela SA")
    asof.set_as_of(date(2019, 1, 27))
    assert asof.screen(query).hits == ()
    [version] = asof.versions()
    assert (version.entries, version.excluded) == (2, ("26367", "26503", "34656"))
    asof.set_as_of(date(2019, 1, 28))
    [hit] = asof.screen(query).hits
    assert (hit.source_id, hit.list_version) == ("26367", asof.versions()[0].sha256)
    assert asof.entries[("us_ofac_sdn", "26367")].listed_on == date(2019, 1, 28)


def test_versions_differ_by_date_and_are_stable() -> None:
    first, second = screener(), screener()
    first.set_as_of(date(2020, 1, 1))
    second.set_as_of(date(2020, 1, 1))
    assert first.list_versions == second.list_versions
    second.set_as_of(date(2022, 2, 22))
    assert first.list_versions != second.list_versions
