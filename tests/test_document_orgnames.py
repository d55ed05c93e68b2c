"""Organisations read the way that generalises: names the project knows from public lists,
and a label's list running over the lines below it.

Expected names and roles are read off the short texts below by hand; the index test reads the
grants lists with csv and lxml directly.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.model import Organisation
from loaders import document, registry
from loaders.shared import curation
from tests.loader_checks import organisations_read

ROOT = Path(__file__).resolve().parent.parent
LISTS = ROOT.parent / "shared" / "datasets" / "grants-lists"
INDEX = ROOT / "data" / "orgs" / "orgnames.tsv"


def _index() -> set[str]:
    with INDEX.open(encoding="utf-8", newline="") as handle:
        return {row["name"] for row in csv.DictReader(handle, delimiter="\t")}


def test_the_index_holds_public_bodies_of_the_lists_and_no_companies() -> None:
    with (LISTS / "kohesio-beneficiaries-bg-cz-sk-ro.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    czech = [r["Beneficiary Name"].strip() for r in rows if r["Country"] == "Czechia"]
    villages = {n for n in czech if n.startswith("Obec ")}
    index = _index()
    assert len(villages) > 100 and villages <= index
    firms = [n for n in index if n.endswith((" ООД", " ЕООД", " s.r.o.", " a.s.", " LTD"))]
    assert firms == []


def test_a_known_name_without_a_legal_form_is_an_organisation_even_declined(
    tmp_path: Path,
) -> None:
    """'Město Dačice' and 'Oblastní charita Uherský Brod' are in the index (from Kohesio);
    the text declines the first. Neither has a role the rules read."""
    text = tmp_path / "known.txt"
    text.write_text(
        "Projekt „Nová lávka“\n\n"
        "Městu Dačice byla schválena dotace na projekt. Na projektu se podílí také Oblastní "
        "charita Uherský Brod.\n",
        encoding="utf-8",
    )
    read = organisations_read(text)
    assert read == {"Městu Dačice": set(), "Oblastní charita Uherský Brod": set()}


def test_the_same_words_outside_the_index_stay_unnamed(tmp_path: Path) -> None:
    text = tmp_path / "unknown.txt"
    text.write_text(
        "Projekt „Nová lávka“\n\nMěstu Ostrovec Horní byla schválena dotace.\n", encoding="utf-8"
    )
    assert "Ostrovec Horní" not in " ".join(organisations_read(text))


@pytest.mark.parametrize("mark", ["1.", "-", "•"])
def test_a_labels_list_runs_over_the_lines_below_it(tmp_path: Path, mark: str) -> None:
    items = ["Община Добрич", "Фондация „Помощ за благотворителността“", "Младежки център Добрич"]
    lines = [
        "Проект „Зелена спирка“",
        "",
        "Водеща организация:",
        "Сдружение „Бъдеще за Добрич“",
        "",
        "Партньори:",
    ]
    lines += [f"{mark if mark != '1.' else f'{i}.'} {item}" for i, item in enumerate(items, 1)]
    lines += [
        "",
        "Project partners:",
        f"{mark} Green Danube Association (Romania)",
        f"{mark} Blue Sea Society, Varna",
    ]
    text = tmp_path / "lists.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert organisations_read(text) == {
        'Сдружение "Бъдеще за Добрич"': {"lead"},
        "Община Добрич": {"partner"},
        'Фондация "Помощ за благотворителността"': {"partner"},
        "Младежки център Добрич": {"partner"},
        "Green Danube Association": {"partner"},
        "Blue Sea Society": {"partner"},
    }


def test_institutions_are_named_by_their_head_noun(tmp_path: Path) -> None:
    """Museums, universities and the like carry no legal form; a head noun with no name to it
    ("Museum visitors") names nothing. None of them is given a role the text does not state."""
    text = tmp_path / "institutions.txt"
    text.write_text(
        "Проект „Памет за бъдещето“\n\n"
        "Регионален исторически музей – Враца представи изложба в Русенски университет "
        "„Ангел Кънчев“.\n\n"
        "The exhibition travelled to the Regional History Museum of Vidin and to Trakia "
        "University.\n\n"
        "Výstavu převzala Slezská univerzita v Opavě a Muzeum Těšínska. Museum visitors liked "
        "it.\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {
        "Регионален исторически музей - Враца": set(),
        'Русенски университет "Ангел Кънчев"': set(),
        "Regional History Museum of Vidin": set(),
        "Trakia University": set(),
        "Slezská univerzita v Opavě": set(),
        "Muzeum Těšínska": set(),
    }


def test_a_role_line_in_other_words_opens_a_list(tmp_path: Path) -> None:
    text = tmp_path / "role-line.txt"
    text.write_text(
        "Проект „Зелена спирка“\n\nПартньорите по проекта са:\n- Община Добрич\n"
        "- Фондация „Помощ за благотворителността“\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {
        "Община Добрич": {"partner"},
        'Фондация "Помощ за благотворителността"': {"partner"},
    }


def test_the_one_organisation_of_a_page_without_roles_leads_for_review(tmp_path: Path) -> None:
    text = tmp_path / "own-page.txt"
    text.write_text(
        "Projekt „Zelená zahrada“\n\nSpolek Zelený dům připravil pro děti letní dílny.\n",
        encoding="utf-8",
    )
    facts = document.extract(text, curation.empty()).facts
    led = [(f.v, f.confidence) for f in facts if f.f == "participates"]
    assert organisations_read(text) == {"Spolek Zelený dům": {"lead"}}
    assert led == [("lead", 0.5)]


def test_two_organisations_without_roles_get_none(tmp_path: Path) -> None:
    text = tmp_path / "two.txt"
    text.write_text(
        "Projekt „Zelená zahrada“\n\nSpolek Zelený dům a Nadace Modrý most pořádaly dílny.\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {"Spolek Zelený dům": set(), "Nadace Modrý most": set()}


def test_a_hosting_organisation_leads_its_exchange(tmp_path: Path) -> None:
    text = tmp_path / "exchange.txt"
    text.write_text(
        'Youth exchange "Rivers Without Borders"\n\n'
        "The exchange was hosted by Green Danube Association. Blue Sea Society sent ten "
        "volunteers.\n",
        encoding="utf-8",
    )
    read = organisations_read(text)
    assert read == {"Green Danube Association": {"lead"}, "Blue Sea Society": set()}


KNOWN_TEXT = (
    "Projekt „Zelená zahrada“\n\n"
    "Letní dílny pro děti připravila Rodinná poradna Lipka Hradec.\n\n"
    "The Green Valley Learning Trust ran the workshops with Hradec Youth Forum.\n"
)


def test_names_the_graph_already_holds_are_found_in_a_text(tmp_path: Path) -> None:
    """Entity linking: two names no rule reads from their shape are organisations once the
    graph knows them (one with a Czech legal form the text leaves out); the rest stay unnamed."""
    text = tmp_path / "known-names.txt"
    text.write_text(KNOWN_TEXT, encoding="utf-8")
    known = ["Rodinná poradna Lipka Hradec, z.ú.", "Hradec Youth Forum", "Modrá Lhota Trust"]
    assert organisations_read(text) == {}
    assert organisations_read(text, known) == {
        "Rodinná poradna Lipka Hradec": set(),
        "Hradec Youth Forum": set(),
    }


def test_the_document_loader_takes_the_known_names_through_the_registry(tmp_path: Path) -> None:
    text = tmp_path / "known-names.txt"
    text.write_text(KNOWN_TEXT, encoding="utf-8")
    got = registry.load(text, known_names=["Hradec Youth Forum"])
    names = sorted(r.name for r in got.records if isinstance(r, Organisation))
    assert names == ["Hradec Youth Forum"]


def test_administrations_ministries_and_centres_are_institutions(tmp_path: Path) -> None:
    """More head nouns: a regional administration, a ministry, a centre, in the three languages;
    "The centre" alone names nothing, nor does a sentence with a verb before "център"."""
    text = tmp_path / "heads.txt"
    text.write_text(
        "Проект „Памет“\n\n"
        "Проектът подкрепиха Областна управа – Варна и Регионален център „Деца и семейства“.\n\n"
        "The Bulgarian Ministry of Tourism and the Danube Youth Centre met in Ruse. The centre "
        "opened.\n\n"
        "Na akci se podílelo Komunitní centrum Motýl a Ministerstvo kultury.\n\n"
        "Бургас беше в център на вниманието.\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {
        "Областна управа - Варна": set(),
        'Регионален център "Деца и семейства"': set(),
        "Bulgarian Ministry of Tourism": set(),
        "Danube Youth Centre": set(),
        "Komunitní centrum Motýl": set(),
        "Ministerstvo kultury": set(),
    }


def test_organisations_named_after_partners_in_the_plural_are_partners(tmp_path: Path) -> None:
    """No marker the rules know ("patří", "were"), but the sentence lists the partners; an
    institution the partners met at, and an organisation in another sentence, get no role."""
    text = tmp_path / "plural.txt"
    text.write_text(
        "Projekt „Most přes řeku“\n\n"
        "Mezi partnery projektu patří Spolek Zelený dům a Nadace Modrý most.\n\n"
        "Among the partners were Green Danube Association from Romania. The partners met at "
        "Trakia University.\n\n"
        "Сдружение „Бъдеще за Добрич“ беше домакин на срещата.\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {
        "Spolek Zelený dům": {"partner"},
        "Nadace Modrý most": {"partner"},
        "Green Danube Association": {"partner"},
        "Trakia University": set(),
        'Сдружение "Бъдеще за Добрич"': set(),
    }


def test_a_bulgarian_name_described_by_its_aim_ends_at_the_verb(tmp_path: Path) -> None:
    """ "Фондация за бизнес образование организира ...": the verb is not part of the name."""
    text = tmp_path / "verbs.txt"
    text.write_text(
        "Проект „Мост“\n\n"
        "През 2020 г. Фондация за бизнес образование организира обучение за младежи.\n\n"
        "Държавна агенция за закрила на детето подкрепи кампанията.\n",
        encoding="utf-8",
    )
    assert set(organisations_read(text)) == {
        "Фондация за бизнес образование",
        "Държавна агенция за закрила на детето",
    }


def test_neighbours_legal_forms_written_before_the_name(tmp_path: Path) -> None:
    """Romanian, Polish and Slovak forms open the name ("Asociația Pro Democrația"); the
    partner list reads them like any other names."""
    text = tmp_path / "forms-first.txt"
    text.write_text(
        "Project „Bridges“\n\n"
        "The project partners are Asociația Pro Democrația, Romania, and Fundacja Rozwoju "
        "Demokracji Lokalnej from Poland. Stretnutie pripravila Nadácia Integra.\n",
        encoding="utf-8",
    )
    assert organisations_read(text) == {
        "Asociația Pro Democrația": {"partner"},
        "Fundacja Rozwoju Demokracji Lokalnej": {"partner"},
        "Nadácia Integra": set(),
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The project is implemented by Green Danube Association in cooperation with Blue "
            "Sea Society and Ruse Youth Foundation.",
            {
                "Green Danube Association": {"lead"},
                "Blue Sea Society": {"partner"},
                "Ruse Youth Foundation": {"partner"},
            },
        ),
        (
            "Проектът се изпълнява от Сдружение „Зелен Дунав“ в сътрудничество с Фондация "
            "„Синьо море“.",
            {'Сдружение "Зелен Дунав"': {"lead"}, 'Фондация "Синьо море"': {"partner"}},
        ),
        (
            "Консорциумът включва Сдружение „Зелен Дунав“ и Фондация „Синьо море“.",
            {'Сдружение "Зелен Дунав"': {"partner"}, 'Фондация "Синьо море"': {"partner"}},
        ),
        (
            "Žadatelem je Spolek Zelený dům, partnerem Nadace Modrý most.",
            {"Spolek Zelený dům": {"lead"}, "Nadace Modrý most": {"partner"}},
        ),
        (
            "Green Danube Association and Blue Sea Society met in Ruse.",
            {"Green Danube Association": set(), "Blue Sea Society": set()},
        ),
    ],
)
def test_cooperation_consortium_and_applicant_phrases(
    tmp_path: Path, sentence: str, expected: dict[str, set[str]]
) -> None:
    """Roles stated as cooperation, a consortium or an applicant; two English names joined by
    "and" stay two names."""
    text = tmp_path / "phrases.txt"
    text.write_text(f"Проект „Мост“\n\n{sentence}\n", encoding="utf-8")
    assert organisations_read(text) == expected
