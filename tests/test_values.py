"""The values layer and the identity and merge rules, with answers known from outside the code.

ECB reference rates are the published ones (ecb.europa.eu, euro foreign exchange reference
rates): 2 January 2020, 1 EUR = 1.1193 USD = 0.84828 GBP. BGN is pegged at 1.95583.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.model.countries import country_code
from graph.model.identity import is_placeholder, unusable
from graph.model.values import (
    COMMA,
    DOT,
    BadValue,
    number_format,
    parse_date,
    parse_number,
    to_eur,
)
from graph.store.planner import merge_properties

D = Decimal


@pytest.mark.parametrize(
    "column, expected",
    [
        (["1.234,56"], [D("1234.56")]),
        (["12 500,00"], [D("12500.00")]),
        (["1,234.56"], [D("1234.56")]),
        (["1.234,56", "12.500"], [D("1234.56"), D("12500.00")]),  # the column says: dot groups
        (["1,234.56", "12.500"], [D("1234.56"), D("12.50")]),  # the column says: dot decimals
        (["491873,75", "1.005"], [D("491873.75"), D("1005.00")]),
        (["1 000", "2 500,5"], [D("1000.00"), D("2500.50")]),
    ],
)
def test_numbers_read_under_their_columns_convention(column, expected) -> None:
    fmt = number_format(column)
    assert [parse_number(v, fmt) for v in column] == expected


@pytest.mark.parametrize("value", ["12.500", "1.005", "3,250"])
def test_a_number_nothing_decides_is_a_finding_not_a_guess(value: str) -> None:
    assert number_format([value, "100"]) is None
    with pytest.raises(BadValue) as err:
        parse_number(value, None)
    assert err.value.code == "ambiguous-number"


def test_spreadsheet_numbers_keep_their_cents() -> None:
    assert parse_number(41133.770000000004) == D("41133.77")
    assert parse_number(1.005) == D("1.01")  # the written 1.005, not its binary 1.00499...
    assert number_format([1000.5, 12]) is None
    assert (DOT.parse("1,234.56"), COMMA.parse("1.234,56")) == (D("1234.56"), D("1234.56"))


@pytest.mark.parametrize(
    "amount, currency, day, eur",
    [
        ("1000", "USD", "2020-01-02", D("893.42")),  # 1000 / 1.1193
        ("1000", "GBP", "2020-01-02", D("1178.86")),  # 1000 / 0.84828
        ("119228.65", "BGN", None, D("60960.64")),  # the fixed peg, any day
        ("17740.80", "EUR", None, D("17740.80")),
    ],
)
def test_eur_at_the_ecb_rate_of_the_day(amount, currency, day, eur) -> None:
    assert to_eur(D(amount), currency, day) == eur


@pytest.mark.parametrize("code", ["MNT", "XOF", "XDR"])
def test_real_currencies_without_an_ecb_rate_keep_their_money(code: str) -> None:
    assert to_eur(D("100"), code, "2020-01-02") is None


def test_an_unknown_currency_is_refused() -> None:
    with pytest.raises(BadValue) as err:
        to_eur(D("1"), "ZZZ")
    assert err.value.code == "unknown-currency"


@pytest.mark.parametrize(
    "written, code",
    [
        ("EL", "GR"),
        ("UK", "GB"),
        ("gr", "GR"),
        ("Гърция", "GR"),
        ("България", "BG"),
        ("Česko", "CZ"),
        ("Česká republika", "CZ"),
        ("Bulharsko", "BG"),
        ("Czech Republic", "CZ"),
        ("Bulgaria", "BG"),
        ("North Macedonia", "MK"),
        ("XK", "XK"),
        ("XX", None),
        ("Atlantis", None),
    ],
)
def test_countries_are_iso_alpha_2(written: str, code: str | None) -> None:
    assert country_code(written) == code


@pytest.mark.parametrize(
    "written, iso",
    [
        ("2021-03-05", "2021-03-05"),
        ("05.03.2021", "2021-03-05"),
        ("5.3.2021 г.", "2021-03-05"),
        ("05/03/2021", "2021-03-05"),
        ("2021-03", "2021-03"),
        ("03.2021", "2021-03"),
        ("2021", "2021"),
        ("5 март 2021 г.", "2021-03-05"),
        ("15. března 2020", "2020-03-15"),
        ("June 2019", "2019-06"),
        ("1 November 2018", "2018-11-01"),
    ],
)
def test_dates_as_precise_as_written(written: str, iso: str) -> None:
    assert parse_date(written) == iso


@pytest.mark.parametrize("written", ["2021-13-45", "31.02.2020", "2021-00", "soon"])
def test_impossible_dates_are_refused(written: str) -> None:
    with pytest.raises(BadValue) as err:
        parse_date(written)
    assert err.value.code == "invalid-date"


@pytest.mark.parametrize(
    "ident, placeholder",
    [
        ("N/A", True),
        ("n/a", True),
        ("none", True),
        ("unknown", True),
        ("0", True),
        ("-", True),
        ("", True),
        ("DUMMY01", True),
        ("360G-Funder-DUMMY-7", True),
        ("GB-CHC-1136547", False),
        ("XM-DAC-41110", False),
    ],
)
def test_placeholder_identifiers(ident: str, placeholder: bool) -> None:
    assert is_placeholder(ident) is placeholder


def test_one_id_for_unrelated_names_does_not_identify() -> None:
    names = {
        "GB-CHC-1": {"Salvation Army Taunton", "The Salvation Army Street"},  # one body
        "GB-CHC-2": {"Humanists UK", "British Humanist Association"},  # a rename: two names
        "GB-COH-3": {"Merseyside Law Centre", "Social Finance", "University of Oxford"},
    }
    assert set(unusable(names)) == {"GB-COH-3"}


def test_merge_keeps_both_values_with_their_sources_in_either_order() -> None:
    a = {"id": "org:x", "name": "Caritas", "country": "BG", "sources": ["a.csv#row-2"]}
    b = {"id": "org:x", "name": "Caritas Bulgaria", "country": "CZ", "sources": ["b.csv#row-3"]}
    merged = merge_properties(a, b)
    assert merged == merge_properties(b, a)
    assert merged == {
        "id": "org:x",
        "name": "Caritas Bulgaria",
        "aliases": ["Caritas"],
        "country": "BG",
        "sources": ["a.csv#row-2", "b.csv#row-3"],
        "conflicts": ["country: 'BG' (a.csv#row-2) / 'CZ' (b.csv#row-3)"],
    }


def test_a_stated_value_replaces_a_derived_one_in_either_order() -> None:
    summed = {"amount": 155559.36, "derived": ["amount"], "sources": ["org.csv#row-2"]}
    stated = {"amount": 900.0, "sources": ["project.csv#row-2"]}
    for merged in (merge_properties(summed, stated), merge_properties(stated, summed)):
        found = (merged["amount"], "derived" in merged, "conflicts" in merged)
        assert found == (900.0, False, False)


def test_reloading_the_file_that_lost_a_name_changes_nothing() -> None:
    a = {"name": "Caritas", "sources": ["a.csv#row-2"]}
    b = {"name": "Caritas Bulgaria", "sources": ["b.csv#row-3"]}
    once = merge_properties(a, b)
    assert merge_properties(once, b) == once == merge_properties(merge_properties(b, a), a)


def test_reloading_a_corrected_file_replaces_its_value() -> None:
    stored = {"country": "BG", "sources": ["a.csv#row-2"]}
    assert merge_properties(stored, {"country": "CZ", "sources": ["a.csv#row-2"]}) == {
        "country": "CZ",
        "sources": ["a.csv#row-2"],
    }
