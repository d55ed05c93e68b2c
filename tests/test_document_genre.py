"""The document rules on the genre's shapes the seeds do not show: label-and-value cards (also
flattened, with labels glued to values), role markers in prose, funders named by a data file or
by a funding phrase, dates and amounts as project pages write them, towns from the gazetteer.

The fixtures (``tests/fixtures/documents/genre_*``) were written for these tests; the expected
facts below were read off them by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import City
from loaders import document
from loaders.document import funders
from loaders.document.dates import amounts, dates
from loaders.shared import curation, towns

DOCS = Path(__file__).resolve().parent / "fixtures" / "documents"
LINKS = {"participates", "funded_by", "part_of", "amount", "start", "end"}


def facts(name: str, kinds: set[str] = LINKS) -> set[tuple]:
    got = document.extract(DOCS / name, curation.empty()).facts
    return {f.key for f in got if f.f in kinds or (f.f == "attr" and f.k in kinds)}


def test_bulgarian_programme_card() -> None:
    project, prog = (
        "proj:chisti-bregove",
        "prog:operativna-programa-razvitie-na-choveshkite-resursi",
    )
    assert facts("genre_bg_card.txt", LINKS | {"signed"}) == {
        ("participates", "org:sdruzhenie-morski-briz", project, "lead", None),
        ("participates", "org:fondatsiya-zelen-pat", project, "partner", None),
        ("participates", "org:obshtina-pomorie", project, "partner", None),
        ("funded_by", project, prog, None, None),
        ("part_of", prog, "funder:european-social-fund", None, None),
        ("start", project, None, "2022-02-01", None),
        ("end", project, None, "2023-01-31", None),
        ("attr", project, None, "2022-01-15", "signed"),
        ("amount", project, None, "12500.00 BGN", None),
    }


def test_czech_card_with_a_bare_label_over_its_funders() -> None:
    project = "proj:zelena-skola"
    assert facts("genre_cs_card.txt", LINKS | {"place"}) == {
        ("participates", "org:spolek-lipa-z-s", project, "lead", None),
        ("funded_by", project, "funder:ministerstvo-kultury", None, None),
        ("funded_by", project, "funder:jihocesky-kraj", None, None),
        ("amount", project, None, "50000.00 CZK", None),
        ("amount", project, None, "20000.00 CZK", None),
        ("start", project, None, "2021-03-01", None),
        ("end", project, None, "2021-11-30", None),
        ("place", project, "city:krnov", None, None),
    }


def test_flattened_grants_table_with_glued_labels() -> None:
    project = "proj:open-rivers-for-everyone"
    assert facts("genre_en_grants.txt") == {
        ("participates", "org:river-watch-foundation", project, "lead", None),
        ("amount", project, None, "12000.00 USD", None),
        ("start", project, None, "2019-03-01", None),
        ("end", project, None, "2020-02-28", None),
    }


def test_bulgarian_prose_lead_and_partners_without_legal_forms() -> None:
    project = "proj:mostove-na-znanieto"
    assert facts("genre_bg_prose.txt") == {
        ("participates", "org:fondatsiya-beli-noshti", project, "lead", None),
        ("participates", "org:sporten-klub-vihar", project, "partner", None),
        ("participates", "org:sdruzhenie-novo-utro", project, "partner", None),
        ("funded_by", project, "funder:european-union", None, None),
        ("amount", project, None, "1500000.00 EUR", None),
        ("start", project, None, "2021-05-03", None),
    }


def test_english_prose_list_with_seats_countries_and_an_associate() -> None:
    project = "proj:shared-waters"
    assert facts("genre_en_prose.txt", LINKS | {"based_in"}) == {
        ("participates", "org:green-delta-foundation-of-tulcea", project, "lead", None),
        ("participates", "org:clean-coast-association-varna", project, "partner", None),
        ("participates", "org:blue-lake-society-of-ohrid", project, "partner", None),
        ("participates", "org:river-office-of-ruse", project, "associate", None),
        ("based_in", "org:clean-coast-association-varna", "city:varna", None, None),
        ("based_in", "org:green-delta-foundation-of-tulcea", "city:tulcea", None, None),
        ("based_in", "org:blue-lake-society-of-ohrid", "city:ohrid", None, None),
        ("based_in", "org:river-office-of-ruse", "city:ruse", None, None),
        ("funded_by", project, "funder:european-union", None, None),
    }


def test_figures_of_a_page_without_a_title_stay_with_an_untitled_project() -> None:
    project = "proj:untitled-project-of-genre-untitled"
    assert facts("genre_untitled.txt") == {
        ("amount", project, None, "10000.00 BGN", None),
        ("funded_by", project, "funder:european-social-fund", None, None),
    }


def test_facts_carry_quote_line_and_confidence() -> None:
    got = document.extract(DOCS / "genre_bg_card.txt", curation.empty()).facts
    start = next(f for f in got if f.f == "start")
    assert (start.at, start.quote, start.confidence) == (
        "genre_bg_card.txt#L7",
        "Начална дата: 01.02.2022",
        0.9,  # a card states it outright
    )
    prose = document.extract(DOCS / "genre_bg_prose.txt", curation.empty()).facts
    lead = next(f for f in prose if f.f == "participates" and f.v == "lead")
    assert (lead.line, lead.confidence) == (3, 0.7)


def test_explain_shows_confidence_beside_the_quote() -> None:
    rows = document.explain(DOCS / "genre_en_grants.txt")
    amount = next(r for r in rows if r["fact"] == "amount")
    assert (amount["value"], amount["quote"], amount["confidence"]) == (
        "12000.00 USD",
        "Amount AwardedUSD 12,000.00",
        0.85,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("от 3 до 9 март 2019 г.", ("2019-03-03", "2019-03-09")),
        ("12-14 юни, 2020 г.", ("2020-06-12", "2020-06-14")),
        ("От 2 април до 7 май 2021 г.", ("2021-04-02", "2021-05-07")),
        ("02/03/2016 – 28/02/2017", ("2016-03-02", "2017-02-28")),
        ("1.4. – 30.9.2019", ("2019-04-01", "2019-09-30")),
        ("10 - 15.06.2018г.", ("2018-06-10", "2018-06-15")),
        ("Od 1.9.2020 do 31.8.2022", ("2020-09-01", "2022-08-31")),
        ("5/2023 – 11/2023", ("2023-05", "2023-11")),
        ("April 05, 2016 - May 31, 2017", ("2016-04-05", "2017-05-31")),
        ("from 2 March 2020 to 28 Feb. 2021", ("2020-03-02", "2021-02-28")),
        ("4-9 September 2017", ("2017-09-04", "2017-09-09")),
    ],
)
def test_periods_as_project_pages_write_them(text: str, expected: tuple[str, str]) -> None:
    [found] = dates(text)
    assert (found.type, found.attrs["start"], found.attrs["end"]) == ("period", *expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v sobotu 14.května 2011", "2011-05-14"),
        ("от октомври 2018 г.", "2018-10"),
        ("Start date: 3 March 2014", "2014-03-03"),
    ],
)
def test_single_dates(text: str, expected: str) -> None:
    [found] = dates(text)
    assert found.attrs["date"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,5 млн. евро", (2500000.0, "EUR")),
        ("85 хил. лв.", (85000.0, "BGN")),
        ("1,75 mil Kč", (1750000.0, "CZK")),
        ("14 300,– EUR", (14300.0, "EUR")),
        ("120 500, 00 BGN", (120500.0, "BGN")),
        ("AwardedUSD 9,500.00", (9500.0, "USD")),
        ("€ 312,000", (312000.0, "EUR")),
    ],
)
def test_amounts_with_scale_words_and_odd_decimals(text: str, expected: tuple) -> None:
    [found] = amounts(text)
    assert (found.attrs["amount"], found.attrs["currency"]) == expected


def test_towns_cyrillic_latin_declined_and_not_first_names() -> None:
    found = towns.find("Срещата в гр. Севлиево и семинар в Kroměříži vedl Martin Novák.")
    assert [(t.name, t.country) for _, _, t in found] == [("Sevlievo", "BG"), ("Kroměříž", "CZ")]
    assert towns.town("Трън") == towns.town("Tran")
    assert towns.find("Most k porozumění") == []  # a common word needs a place word before it


def test_funders_file_is_valid_and_every_name_finds_its_entry() -> None:
    known = funders.known()
    names = {k.name for k in known}
    assert all(k.label in funders.RANKS for k in known)
    assert all(k.part_of is None or k.part_of in names for k in known)
    for entry in known:
        assert entry.regex.search(f"… {entry.name} …"), entry.name


def test_numbered_beneficiaries_of_a_cooperation_card() -> None:
    project = "proj:safe-rivers"
    assert facts("genre_en_card.txt", LINKS | {"city"}) == {
        ("participates", "org:green-delta-foundation", project, "lead", None),
        ("participates", "org:clean-coast-association", project, "partner", None),
        ("start", project, None, "2020-03-01", None),
    }
    cities = [f for f in document.extract(DOCS / "genre_en_card.txt").facts if "city:" in f.s]
    assert cities == []  # "Beneficiary (LB)" names no town of Lebanon


def test_unclosed_and_nested_quotes_and_a_lower_case_funder() -> None:
    got = document.extract(DOCS / "genre_bg_quotes.txt", curation.empty()).facts
    named = {(f.s, f.v) for f in got if f.f == "mention"}
    assert ("proj:svetli-horizonti", "Светли хоризонти") in named
    assert (
        "org:klub-priyateli-na-priroden-park-vitosha",
        'Клуб "Приятели на Природен парк "Витоша"',
    ) in named
    assert {f.key for f in got if f.f == "funded_by"} == {
        ("funded_by", "proj:svetli-horizonti", "funder:eea-financial-mechanism", None, None),
    }


def test_a_town_named_only_in_an_organisation_gets_its_name_and_place() -> None:
    records = document.load(DOCS / "genre_bg_seat.txt").records
    [city] = [r for r in records if isinstance(r, City)]
    assert (city.name, city.name_local, city.country) == ("Haskovo", "Хасково", "BG")


def test_one_body_named_in_two_scripts_is_one_organisation() -> None:
    got = document.extract(DOCS / "genre_two_scripts.txt", curation.empty()).facts
    assert {f.s for f in got if f.s.startswith("org:")} == {"org:the-halo-foundation"}


def test_funding_stated_before_a_list_of_grants_funds_each_grant() -> None:
    prog = "prog:programata-za-malki-grantove"
    assert facts("genre_bg_grants.txt") == {
        ("funded_by", "proj:gorski-pateki", prog, None, None),
        ("funded_by", "proj:chista-voda", prog, None, None),
        ("part_of", prog, "funder:america-for-bulgaria-foundation", None, None),
        ("participates", "org:sdruzhenie-byal-bor", "proj:gorski-pateki", "lead", None),
        ("participates", "org:fondatsiya-sinya-reka", "proj:chista-voda", "lead", None),
    }


def test_titles_without_quotes_between_a_project_word_and_its_funding() -> None:
    assert facts("genre_unquoted.txt") == {
        ("participates", "org:spolek-lipa-z-s", "proj:mladi-v-akci", "lead", None),
        ("funded_by", "proj:mladi-v-akci", "prog:erasmus", None, None),
        ("funded_by", "proj:nov-shans", "prog:erasmus", None, None),
        ("funded_by", "proj:open-schools", "funder:european-union", None, None),
    }


def test_each_record_of_a_grants_table_keeps_its_own_organisation() -> None:
    assert facts("genre_en_records.txt") == {
        ("participates", "org:river-watch-foundation", "proj:open-rivers", "lead", None),
        ("amount", "proj:open-rivers", None, "5000.00 USD", None),
        ("participates", "org:hill-friends-association", "proj:green-hills", "lead", None),
        ("amount", "proj:green-hills", None, "7000.00 USD", None),
    }


def test_initials_for_the_words_before_a_name_are_one_organisation() -> None:
    got = document.extract(DOCS / "genre_cs_initials.txt", curation.empty()).facts
    names = {(f.s, f.v) for f in got if f.f == "mention" and f.s.startswith("org:")}
    assert names == {
        ("org:rodinne-centrum-sedmikraska", "rodinné centrum Sedmikráska"),
        ("org:rodinne-centrum-sedmikraska", "RC Sedmikráska, z.s"),  # clean() drops the last dot
    }


def test_the_czech_active_citizens_fund_is_not_the_bulgarian_one() -> None:
    got = document.extract(DOCS / "genre_en_acf.txt").facts  # with the curation file
    assert {f.key for f in got if f.f == "funded_by"} == {
        ("funded_by", "proj:open-town-hall", "prog:active-citizens-fund-czech-republic", None, None)
    }
