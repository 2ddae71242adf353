"""The résumé: the JSON Resume v1.0.0 schema as pydantic models, plus ``meta.template``/``locale``.

Field names are snake_case in Python and camelCase on the wire (``start_date`` ↔ ``startDate``).
Every model keeps fields it does not know, so that reading and writing a document loses nothing,
except NUL characters: no text of a résumé keeps one (``without_nul``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tailorcv.resume import dates
from tailorcv.resume.design import Design
from tailorcv.resume.section import Section

DEFAULT_TEMPLATE = "classic"
DEFAULT_LOCALE = "en"
NUL = "\x00"


def without_nul(value: Any) -> Any:
    """``value`` (text, or data as JSON has it) with every NUL character (U+0000) taken out of
    its strings and keys, at any depth. A file's text may hold one (a JSON ``\\u0000``, a YAML
    ``"\\0"``, a stray byte), no database column can (PostgreSQL refuses it), and a reader
    drops it as any reader would (issue 16). The API refuses a NUL before it gets here
    (``web.text``)."""
    if isinstance(value, str):
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def _check_date(value: str) -> str:
    try:
        return dates.normalise(value)
    except ValueError as exc:
        raise PydanticCustomError("date", str(exc)) from None


def _listify(value: Any) -> Any:
    """A lone string where a list belongs is read as a list of one."""
    return [value] if isinstance(value, str) else value


Date = Annotated[str, AfterValidator(_check_date)]
Strings = Annotated[list[str], BeforeValidator(_listify)]


class Location(Section):
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country_code: str | None = None
    region: str | None = None


def _location(value: Any) -> Any:
    """Some tools write the location as one line of text."""
    return {"address": value} if isinstance(value, str) else value


class Profile(Section):
    network: str | None = None
    username: str | None = None
    url: str | None = None


class Basics(Section):
    name: str | None = None
    label: str | None = None
    image: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    summary: str | None = None
    location: Annotated[Location | None, BeforeValidator(_location)] = None
    profiles: list[Profile] = Field(default_factory=list)


class Work(Section):
    name: str | None = None
    location: str | None = None
    description: str | None = None
    position: str | None = None
    url: str | None = None
    start_date: Date | None = None
    end_date: Date | None = None
    summary: str | None = None
    highlights: Strings = Field(default_factory=list)


class Volunteer(Section):
    organization: str | None = None
    position: str | None = None
    url: str | None = None
    start_date: Date | None = None
    end_date: Date | None = None
    summary: str | None = None
    highlights: Strings = Field(default_factory=list)


class Education(Section):
    institution: str | None = None
    url: str | None = None
    area: str | None = None
    study_type: str | None = None
    start_date: Date | None = None
    end_date: Date | None = None
    score: str | None = None
    courses: Strings = Field(default_factory=list)


class Award(Section):
    title: str | None = None
    date: Date | None = None
    awarder: str | None = None
    summary: str | None = None


class Certificate(Section):
    name: str | None = None
    date: Date | None = None
    url: str | None = None
    issuer: str | None = None


class Publication(Section):
    name: str | None = None
    publisher: str | None = None
    release_date: Date | None = None
    url: str | None = None
    summary: str | None = None


class Skill(Section):
    name: str | None = None
    level: str | None = None
    keywords: Strings = Field(default_factory=list)


class Language(Section):
    language: str | None = None
    fluency: str | None = None


class Interest(Section):
    name: str | None = None
    keywords: Strings = Field(default_factory=list)


class Reference(Section):
    name: str | None = None
    reference: str | None = None


class Project(Section):
    name: str | None = None
    description: str | None = None
    highlights: Strings = Field(default_factory=list)
    keywords: Strings = Field(default_factory=list)
    start_date: Date | None = None
    end_date: Date | None = None
    url: str | None = None
    roles: Strings = Field(default_factory=list)
    entity: str | None = None
    type: str | None = None


class Meta(Section):
    canonical: str | None = None
    version: str | None = None
    last_modified: str | None = None
    template: str | None = None
    locale: str | None = None
    design: Design | None = None  # how it looks (tailorcv.resume.design); none: as the template
    # Text holds Markdown emphasis and links (a RenderCV or FRESH import): resume.richtext.
    markdown: bool | None = None


class Resume(Section):
    """One person's résumé. Every section is optional; an empty one is simply not shown."""

    schema_: str | None = Field(default=None, alias="$schema")
    basics: Basics = Field(default_factory=Basics)
    work: list[Work] = Field(default_factory=list)
    volunteer: list[Volunteer] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    interests: list[Interest] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    meta: Meta = Field(default_factory=Meta)

    @model_validator(mode="before")
    @classmethod
    def _drop_nul(cls, data: Any) -> Any:
        """The whole document at once, unknown fields included, before any part is read (about
        20 µs for a two-page résumé; a part validated on its own is not cleaned)."""
        return without_nul(data) if isinstance(data, dict) else data

    @property
    def template(self) -> str:
        return self.meta.template or DEFAULT_TEMPLATE

    @property
    def locale(self) -> str:
        return self.meta.locale or DEFAULT_LOCALE

    @property
    def design(self) -> Design:
        return self.meta.design or Design()
