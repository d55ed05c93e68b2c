"""Gazetteers the text rules use: cities and countries, in the forms the documents write them.

Kept small and hand-made: the cities of the seed region (Bulgarian district centres and the
towns of the Ruse region, the capitals and large towns around) in English, local script and the
declined forms a Bulgarian or Czech sentence produces. Coordinates are WGS84, to about 1 km.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graph.model.countries import country_code
from graph.model.names import key


@dataclass(frozen=True)
class Place:
    name: str
    local: str
    country: str
    lat: float
    lon: float
    forms: tuple[str, ...] = ()


_CITIES = [
    Place("Sofia", "София", "BG", 42.6977, 23.3219, ("Sofie", "Sofii", "Sofiya", "Софийска")),
    Place("Plovdiv", "Пловдив", "BG", 42.1354, 24.7453, ("Пловдивска",)),
    Place("Varna", "Варна", "BG", 43.2141, 27.9147, ("Варненска",)),
    Place("Burgas", "Бургас", "BG", 42.5048, 27.4626, ("Bourgas", "Бургаска")),
    Place("Ruse", "Русе", "BG", 43.8356, 25.9657, ("Rousse", "Русенска")),
    Place("Stara Zagora", "Стара Загора", "BG", 42.4258, 25.6345),
    Place("Pleven", "Плевен", "BG", 43.4170, 24.6067),
    Place("Sliven", "Сливен", "BG", 42.6817, 26.3229),
    Place("Dobrich", "Добрич", "BG", 43.5726, 27.8273),
    Place("Shumen", "Шумен", "BG", 43.2712, 26.9361),
    Place("Pernik", "Перник", "BG", 42.6052, 23.0378),
    Place("Haskovo", "Хасково", "BG", 41.9344, 25.5555),
    Place("Yambol", "Ямбол", "BG", 42.4842, 26.5035),
    Place("Pazardzhik", "Пазарджик", "BG", 42.1928, 24.3336),
    Place("Blagoevgrad", "Благоевград", "BG", 42.0209, 23.0943),
    Place("Veliko Tarnovo", "Велико Търново", "BG", 43.0757, 25.6172),
    Place("Vratsa", "Враца", "BG", 43.2102, 23.5529),
    Place("Gabrovo", "Габрово", "BG", 42.8742, 25.3187),
    Place("Vidin", "Видин", "BG", 43.9962, 22.8679),
    Place("Montana", "Монтана", "BG", 43.4125, 23.2250),
    Place("Kardzhali", "Кърджали", "BG", 41.6338, 25.3777),
    Place("Kyustendil", "Кюстендил", "BG", 42.2839, 22.6911),
    Place("Lovech", "Ловеч", "BG", 43.1370, 24.7142),
    Place("Silistra", "Силистра", "BG", 44.1171, 27.2606),
    Place("Razgrad", "Разград", "BG", 43.5333, 26.5167),
    Place("Targovishte", "Търговище", "BG", 43.2512, 26.5722),
    Place("Smolyan", "Смолян", "BG", 41.5774, 24.7011),
    Place("Radomir", "Радомир", "BG", 42.5445, 22.9653),
    Place("Borovo", "Борово", "BG", 43.4958, 25.8097),
    Place("Byala", "Бяла", "BG", 43.4625, 25.7378),
    Place("Vetovo", "Ветово", "BG", 43.7017, 26.2667),
    Place("Dve Mogili", "Две могили", "BG", 43.5936, 25.8728),
    Place("Ivanovo", "Иваново", "BG", 43.6850, 25.9550),
    Place("Slivo Pole", "Сливо поле", "BG", 43.9439, 26.2064),
    Place("Tsenovo", "Ценово", "BG", 43.5353, 25.6558),
    Place("Prague", "Praha", "CZ", 50.0755, 14.4378, ("Prahy", "Praze", "Prahu", "Прага")),
    Place("Brno", "Brno", "CZ", 49.1951, 16.6068, ("Brna", "Brně", "Бърно")),
    Place("Ostrava", "Ostrava", "CZ", 49.8209, 18.2625, ("Ostravy", "Ostravě")),
    Place("Bratislava", "Bratislava", "SK", 48.1486, 17.1077, ("Bratislavy", "Братислава")),
    Place("Košice", "Košice", "SK", 48.7164, 21.2611, ("Kosice", "Košic", "Кошице")),
    Place("Zagreb", "Zagreb", "HR", 45.8150, 15.9819, ("Загреб",)),
    Place("Osijek", "Osijek", "HR", 45.5550, 18.6955, ("Осиек",)),
    Place("Rubano", "Rubano", "IT", 45.4266, 11.7858),
    Place("Padua", "Padova", "IT", 45.4064, 11.8768, ("Падуа",)),
    Place("Rome", "Roma", "IT", 41.9028, 12.4964, ("Řím", "Рим")),
    Place("Belgrade", "Beograd", "RS", 44.7866, 20.4489, ("Белград",)),
    Place("Bucharest", "București", "RO", 44.4268, 26.1025, ("Bukurešť", "Букурещ")),
    Place("Skopje", "Skopje", "MK", 41.9981, 21.4254, ("Скопие",)),
    Place("Thessaloniki", "Θεσσαλονίκη", "GR", 40.6401, 22.9444, ("Солун",)),
    Place("Athens", "Αθήνα", "GR", 37.9838, 23.7275, ("Атина", "Atény")),
    Place("Vienna", "Wien", "AT", 48.2082, 16.3738, ("Vídeň", "Виена")),
    Place("Budapest", "Budapest", "HU", 47.4979, 19.0402, ("Budapešť", "Будапеща")),
    Place("Istanbul", "İstanbul", "TR", 41.0082, 28.9784, ("Истанбул",)),
    Place("Beirut", "Beyrouth", "LB", 33.8938, 35.5018, ("Бейрут", "Bejrút")),
]

COUNTRIES: dict[str, str] = {
    "България": "BG",
    "Bulharsko": "BG",
    "Bulgaria": "BG",
    "Bulharska": "BG",
    "Ливан": "LB",
    "Lebanon": "LB",
    "Libanon": "LB",
    "Česká republika": "CZ",
    "Czech Republic": "CZ",
    "Czechia": "CZ",
    "Чехия": "CZ",
    "České republiky": "CZ",
    "Itálie": "IT",
    "Italy": "IT",
    "Италия": "IT",
    "Itálii": "IT",
    "Chorvatsko": "HR",
    "Croatia": "HR",
    "Хърватия": "HR",
    "Chorvatska": "HR",
    "Slovensko": "SK",
    "Slovakia": "SK",
    "Словакия": "SK",
    "Slovenska": "SK",
    "Румъния": "RO",
    "Romania": "RO",
    "Rumunsko": "RO",
    "Гърция": "GR",
    "Greece": "GR",
    "Řecko": "GR",
    "Сърбия": "RS",
    "Serbia": "RS",
    "Srbsko": "RS",
    "Северна Македония": "MK",
    "North Macedonia": "MK",
    "Турция": "TR",
    "Turkey": "TR",
    "Türkiye": "TR",
    "Австрия": "AT",
    "Austria": "AT",
    "Rakousko": "AT",
    "Германия": "DE",
    "Germany": "DE",
    "Německo": "DE",
    "Унгария": "HU",
    "Hungary": "HU",
    "Maďarsko": "HU",
    "Полша": "PL",
    "Poland": "PL",
    "Polsko": "PL",
    "Молдова": "MD",
    "Moldova": "MD",
    "Moldavsko": "MD",
    "Грузия": "GE",
    "Georgia": "GE",
    "Gruzie": "GE",
    "Тунис": "TN",
    "Tunisia": "TN",
    "Tunisko": "TN",
    "Египет": "EG",
    "Egypt": "EG",
    "Мароко": "MA",
    "Morocco": "MA",
    "Maroko": "MA",
    "Испания": "ES",
    "Spain": "ES",
    "Španělsko": "ES",
    "Англия": "GB",
    "England": "GB",
    "Великобритания": "GB",
    "United Kingdom": "GB",
    "Кипър": "CY",
    "Cyprus": "CY",
    "Kypr": "CY",
    "Франция": "FR",
    "France": "FR",
    "Francie": "FR",
    "Словения": "SI",
    "Slovenia": "SI",
    "Slovinsko": "SI",
    "Република Турция": "TR",
    "Република Северна Македония": "MK",
    "Украйна": "UA",
    "Ukraine": "UA",
    "Ukrajina": "UA",
    "Албания": "AL",
    "Albania": "AL",
    "Армения": "AM",
    "Armenia": "AM",
    "Азербайджан": "AZ",
    "Azerbaijan": "AZ",
    "Португалия": "PT",
    "Portugal": "PT",
    "Белгия": "BE",
    "Belgium": "BE",
    "Норвегия": "NO",
    "Norway": "NO",
    "Norsko": "NO",
    "Исландия": "IS",
    "Iceland": "IS",
    "Лихтенщайн": "LI",
    "Liechtenstein": "LI",
    "Slovenské republiky": "SK",
    "Slovenská republika": "SK",
}


def _forms() -> dict[str, Place]:
    table: dict[str, Place] = {}
    for place in _CITIES:
        for form in (place.name, place.local, *place.forms):
            table[form] = place
    return table


CITY_FORMS: dict[str, Place] = _forms()
_COUNTRY_KEYS = {key(k): v for k, v in COUNTRIES.items()}
_BY_KEY = {key(form): place for form, place in CITY_FORMS.items()}


@cache
def city(name: str) -> Place | None:
    """The gazetteer city a written form names, if any (cached: data files repeat them)."""
    return CITY_FORMS.get(name) or _BY_KEY.get(key(name))


def country(name: str) -> str | None:
    """ISO 3166 alpha-2 for a country name (or a code), if known: the declined forms the
    documents write first, then the ISO names and codes (graph.model.countries)."""
    name = name.strip()
    return COUNTRIES.get(name) or _COUNTRY_KEYS.get(key(name)) or country_code(name)
