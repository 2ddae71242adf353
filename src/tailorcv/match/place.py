"""Where a post is, against where the person is: one of the terms a recruiter reads first.

Without a gazetteer the ad's place is read only where it is plain: "City, ST" with a US state
code, a US state or a country by name, a "Location:" line, and "remote". The person's place is
``basics.location`` (city, region, country code), plus any place their summary says they are
moving to ("relocating to Atlanta"). A post whose place cannot be read is no evidence either way.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tailorcv.resume.model import Resume

US_STATES = dict(
    pair.split(":")
    for pair in (
        "AL:alabama AK:alaska AZ:arizona AR:arkansas CA:california CO:colorado CT:connecticut "
        "DE:delaware FL:florida GA:georgia HI:hawaii ID:idaho IL:illinois IN:indiana IA:iowa "
        "KS:kansas KY:kentucky LA:louisiana ME:maine MD:maryland MA:massachusetts MI:michigan "
        "MN:minnesota MS:mississippi MO:missouri MT:montana NE:nebraska NV:nevada "
        "NH:new_hampshire NJ:new_jersey NM:new_mexico NY:new_york NC:north_carolina "
        "ND:north_dakota OH:ohio OK:oklahoma OR:oregon PA:pennsylvania RI:rhode_island "
        "SC:south_carolina SD:south_dakota TN:tennessee TX:texas UT:utah VT:vermont "
        "VA:virginia WA:washington WV:west_virginia WI:wisconsin WY:wyoming DC:district_of_columbia"
    ).split()
)
US_STATES = {code: name.replace("_", " ") for code, name in US_STATES.items()}
COUNTRIES = {
    "US": "united states",
    "GB": "united kingdom",
    "IE": "ireland",
    "DE": "germany",
    "AT": "austria",
    "CH": "switzerland",
    "FR": "france",
    "NL": "netherlands",
    "BE": "belgium",
    "ES": "spain",
    "PT": "portugal",
    "IT": "italy",
    "PL": "poland",
    "SE": "sweden",
    "NO": "norway",
    "DK": "denmark",
    "FI": "finland",
    "CZ": "czechia",
    "CA": "canada",
    "MX": "mexico",
    "BR": "brazil",
    "IN": "india",
    "CN": "china",
    "JP": "japan",
    "SG": "singapore",
    "AU": "australia",
    "NZ": "new zealand",
    "ZA": "south africa",
    "AE": "united arab emirates",
    "IL": "israel",
}
_CITY_STATE = re.compile(r"\b([A-Z][a-zA-Z.'-]+(?: [A-Z][a-zA-Z.'-]+){0,2}),\s*([A-Z]{2})\b")
_REMOTE = re.compile(
    r"\b(?:fully remote|remote[- ](?:first|friendly|ok)|100\s?% remote|work from anywhere|"
    r"remote (?:role|position|job|within|in|across|\(|-)|remote,|remote$|"
    r"location:\s*remote)|\(remote\b",
    re.I | re.M,
)
_MOVING = re.compile(r"\b(?i:relocat\w*|moving) to ([A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2})")
ELSEWHERE = 0.8  # an on-site post in another place: a real cost, not a bar


@dataclass(frozen=True)
class Places:
    """The places a text names, folded to lower case: cities, US states, countries."""

    cities: frozenset[str]
    states: frozenset[str]  # two-letter codes
    countries: frozenset[str]  # names

    @classmethod
    def nowhere(cls) -> Places:
        return cls(frozenset(), frozenset(), frozenset())

    def __bool__(self) -> bool:
        return bool(self.cities or self.states or self.countries)

    def meets(self, other: Places) -> bool:
        """The same city, else the same US state, else the same country with no city to tell."""
        if self.cities & other.cities:
            return True
        if self.states and other.states:
            return bool(self.states & other.states)
        return bool(self.countries & other.countries) and not (self.cities and other.cities)


def of_ad(text: str) -> tuple[Places, bool]:
    """The places an ad names, and whether it says the work may be remote."""
    cities, states = set(), set()
    for city, code in _CITY_STATE.findall(text):
        if code in US_STATES:
            cities.add(city.lower())
            states.add(code)
    low = text.lower()
    states |= {code for code, name in US_STATES.items() if re.search(rf"\b{name}\b", low)}
    countries = {name for name in COUNTRIES.values() if re.search(rf"\b{name}\b", low)}
    if states:
        countries.add(COUNTRIES["US"])
    return Places(frozenset(cities), frozenset(states), frozenset(countries)), bool(
        _REMOTE.search(text)
    )


@functools.lru_cache(maxsize=64)
def _of_ad_cached(text: str) -> tuple[Places, bool]:
    return of_ad(text)  # one read per ad, however many résumés are ranked against it


def of_resume(resume: Resume) -> Places:
    """Where the person is, and where their summary says they are moving to."""
    where = resume.basics.location
    cities: set[str] = set()
    states, countries = set(), set()
    if where is not None:
        if where.city:
            cities.add(where.city.lower())
        region = (where.region or "").strip()
        code = region.upper() if region.upper() in US_STATES else _state_code(region)
        if code:
            states.add(code)
        if where.country_code and where.country_code.upper() in COUNTRIES:
            countries.add(COUNTRIES[where.country_code.upper()])
    for moving in _MOVING.findall(resume.basics.summary or ""):
        cities.add(moving.split(",")[0].strip().lower())
    return Places(frozenset(cities), frozenset(states), frozenset(countries))


def _state_code(name: str) -> str | None:
    return next((c for c, n in US_STATES.items() if n == name.lower()), None)


def fit(resume_places: Places, ad_text: str) -> tuple[float | None, str]:
    """How the post's place suits the person: 1 where they are or remote, ``ELSEWHERE`` on site
    in another place, None when the ad's or the person's place cannot be read."""
    asked, remote = _of_ad_cached(ad_text)
    if remote:
        return 1.0, "the post may be remote"
    named_here = [
        c for c in resume_places.cities if re.search(rf"\b{re.escape(c)}\b", ad_text, re.I)
    ]
    if named_here:
        return 1.0, f"the post is in {named_here[0].title()}, where the résumé is"
    if not asked or not resume_places:
        return None, ""
    if resume_places.meets(asked):
        return 1.0, "the post is where the résumé is"
    named = sorted(asked.cities) or sorted(asked.states) or sorted(asked.countries)
    return (
        ELSEWHERE,
        f"the post is in {', '.join(n.title() for n in named[:2])}, not where the résumé is",
    )
