"""Convert a RenderCV YAML document (``cv:`` with ``sections:``) into a JSON Resume document.

RenderCV files are written by hand, so this module checks what RenderCV itself would refuse
(impossible dates, missing required fields, a section that mixes entry types) and raises
``InvalidResume`` listing every such problem by its path in the RenderCV file. Everything that has
no place in JSON Resume is kept, with a note, so that nothing is lost: a field as an unknown
field, a section under ``otherSections``. Text keeps its Markdown (``meta.markdown``). The
entries of ``sections:`` are checked and built in ``rendercv_entries``; this module reads the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from tailorcv.errors import InvalidResume, Problem
from tailorcv.resume import dates
from tailorcv.resume.rendercv_entries import Report, add_sections
from tailorcv.resume.rendercv_entries import plain as plain  # re-exported: tests import it here

_PROFILE_URLS = {
    "linkedin": "https://linkedin.com/in/{}",
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "imdb": "https://imdb.com/name/{}",
    "instagram": "https://instagram.com/{}",
    "orcid": "https://orcid.org/{}",
    "stackoverflow": "https://stackoverflow.com/users/{}",
    "researchgate": "https://researchgate.net/profile/{}",
    "youtube": "https://youtube.com/@{}",
    "google scholar": "https://scholar.google.com/citations?user={}",
    "telegram": "https://t.me/{}",
    "whatsapp": "https://wa.me/{}",
    "leetcode": "https://leetcode.com/u/{}",
    "x": "https://x.com/{}",
    "bluesky": "https://bsky.app/profile/{}",
    "reddit": "https://reddit.com/user/{}",
}
_USERNAME_RULES = {
    "orcid": (re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"), "format 'XXXX-XXXX-XXXX-XXXX'"),
    "imdb": (re.compile(r"^nm\d{7,8}$"), "format 'nmXXXXXXX'"),
}
# RenderCV names its locales by language; JSON Resume's meta.locale wants a code.
LANGUAGE_CODES = {
    "english": "en",
    "german": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "dutch": "nl",
    "danish": "da",
    "turkish": "tr",
    "russian": "ru",
    "japanese": "ja",
    "korean": "ko",
    "mandarin_chinese": "zh",
    "hindi": "hi",
    "arabic": "ar",
    "hebrew": "he",
    "persian": "fa",
    "indonesian": "id",
    "hungarian": "hu",
    "vietnamese": "vi",
    "norwegian_bokmål": "nb",
    "norwegian_nynorsk": "nn",
}
_PHONE = re.compile(r"^\+?[\d\s().\-/]+$")
_Check = Callable[[str], str | None]


def to_jsonresume(data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Convert a RenderCV document; raise ``InvalidResume`` listing what RenderCV would refuse."""
    cv = data.get("cv")
    if not isinstance(cv, dict):
        where = "cv" if "cv" in data else ""
        what = "cv: is empty or not a mapping" if where else "no cv: key"
        raise InvalidResume([Problem(where, f"{what}; this is not a résumé")])
    report = Report()
    doc: dict[str, Any] = {"basics": _basics(cv, report)}
    add_sections(cv.get("sections"), doc, report)
    _locale(data.get("locale"), doc, report)
    doc.setdefault("meta", {})["markdown"] = True  # RenderCV text is Markdown (resume.richtext)
    _check_design(data, report)
    if report.errors:
        raise InvalidResume([*report.errors, *report.doubts])
    return doc, [*report.notes, *report.doubts]


def _basics(cv: dict[str, Any], report: Report) -> dict[str, Any]:
    basics: dict[str, Any] = {}
    for key, target in (("name", "name"), ("headline", "label")):
        value = cv.get(key)
        if value is not None and not isinstance(value, str):
            report.error(f"cv.{key}", "expected text")
        elif value:
            basics[target] = plain(value)
    if isinstance(cv.get("location"), str) and cv["location"].strip():
        basics["location"] = {"address": plain(cv["location"])}
    if isinstance(cv.get("photo"), str) and cv["photo"].strip():
        basics["image"] = cv["photo"].strip()
    for key, target, check in (
        ("email", "email", _check_email),
        ("phone", "phone", _check_phone),
        ("website", "url", _check_url),
    ):
        _contact(cv, key, target, check, basics, report)
    profiles = _profiles(cv.get("social_networks"), report)
    profiles += _connections(cv.get("custom_connections"), report)
    if profiles:
        basics["profiles"] = profiles
    return basics


def _contact(
    cv: dict[str, Any],
    key: str,
    target: str,
    check: _Check,
    basics: dict[str, Any],
    report: Report,
) -> None:
    """Email, phone and website may each be one value or a list; JSON Resume keeps one."""
    value = cv.get(key)
    if value is None:
        return
    many = isinstance(value, list)
    values = [str(v).strip() for v in (value if many else [value]) if v is not None]
    for index, item in enumerate(values):
        problem = check(item)
        if problem:
            report.error(f"cv.{key}[{index}]" if many else f"cv.{key}", problem)
    if values:
        basics[target] = values[0]
    if len(values) > 1:
        extra = "other" + target.capitalize() + "s"
        basics[extra] = values[1:]
        report.note(
            f"cv.{key}", f"JSON Resume keeps one {target}; the others kept in basics.{extra}"
        )


def _check_email(value: str) -> str | None:
    return None if "@" in value else "not an email address (it has no @)"


def _check_phone(value: str) -> str | None:
    digits = sum(c.isdigit() for c in value)
    return None if _PHONE.match(value) and digits >= 5 else "not a phone number"


def _check_url(value: str) -> str | None:
    parts = urlsplit(value)
    ok = parts.scheme in ("http", "https") and bool(parts.netloc)
    return None if ok else "not a URL (write https://…)"


def _profiles(networks: Any, report: Report) -> list[dict[str, Any]]:
    """RenderCV stores network + username; JSON Resume wants the URL too, so build it."""
    found = []
    for index, item in enumerate(networks if isinstance(networks, list) else []):
        where = f"cv.social_networks[{index}]"
        if not isinstance(item, dict) or not item.get("network") or not item.get("username"):
            report.error(where, "a social network needs network and username")
            continue
        network, username = str(item["network"]), str(item["username"]).strip()
        rule = _USERNAME_RULES.get(network.lower())
        if rule and not rule[0].match(username):
            report.error(f"{where}.username", f"{network} username should be in the {rule[1]}")
        found.append(
            {"network": network, "username": username, "url": _profile_url(network, username)}
        )
    return [{k: v for k, v in p.items() if v} for p in found]


def _profile_url(network: str, username: str) -> str | None:
    if network.lower() == "mastodon" and username.count("@") == 2:
        user, host = username.lstrip("@").split("@")
        return f"https://{host}/@{user}"
    pattern = _PROFILE_URLS.get(network.lower())
    return pattern.format(username) if pattern else None


def _connections(connections: Any, report: Report) -> list[dict[str, Any]]:
    found = []
    for index, item in enumerate(connections if isinstance(connections, list) else []):
        if isinstance(item, dict) and item.get("placeholder"):
            profile = {"network": plain(str(item["placeholder"])), "url": item.get("url")}
            found.append({k: v for k, v in profile.items() if v})
            report.note(f"cv.custom_connections[{index}]", "read as a profile (icon dropped)")
    return found


def _locale(locale: Any, doc: dict[str, Any], report: Report) -> None:
    language = locale.get("language") if isinstance(locale, dict) else None
    if not isinstance(language, str):
        return
    name = language.strip().lower()
    code = LANGUAGE_CODES.get(name) or (name if name in LANGUAGE_CODES.values() else None)
    if code:
        doc.setdefault("meta", {})["locale"] = code
    else:
        report.note("locale.language", f"unknown language {language!r}; the résumé uses English")


def _check_design(data: dict[str, Any], report: Report) -> None:
    """Design and settings are ignored, but a rejected file lists their errors too."""
    design, settings = data.get("design"), data.get("settings")
    theme = design.get("theme") if isinstance(design, dict) else None
    if theme is not None and not re.fullmatch(r"[a-z0-9]+", str(theme)):
        report.doubts.append(
            Problem("design.theme", "a theme name has only lowercase letters and digits")
        )
    current = settings.get("current_date") if isinstance(settings, dict) else None
    if current is not None and str(current) != "today":
        try:
            dates.parse(str(current))
        except ValueError:
            report.doubts.append(
                Problem("settings.current_date", 'not a date (write YYYY-MM-DD or "today")')
            )
