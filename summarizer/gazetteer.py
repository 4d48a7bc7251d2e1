"""World knowledge the statistical model lacks: countries, capitals, demonyms and metonyms.

The small English model often mislabels capitals (a city read as a PERSON) and knows nothing
of "the Elysee" meaning France. `summarizer/data/gazetteer.json` lists general facts (not tuned
to any article); this module turns them into phrase patterns, each naming the canonical actor
the phrase stands for ("Paris" -> France, "Tories" -> Conservatives).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from summarizer.model import ActorKind

__all__ = ["Entry", "Gazetteer", "load_gazetteer"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One phrase: the entity label it gets, and the actor (name, kind) it stands for."""

    phrase: str
    label: str
    actor: str
    kind: ActorKind
    is_place: bool = False  # a country or city name, as opposed to a demonym or an institution


@dataclass(frozen=True, slots=True)
class Gazetteer:
    entries: tuple[Entry, ...]
    kinds: dict[str, ActorKind]  # canonical actor name -> kind
    by_phrase: dict[str, Entry]

    def kind_of(self, actor: str) -> ActorKind | None:
        return self.kinds.get(actor)

    def lookup(self, phrase: str) -> Entry | None:
        """The entry for an exact phrase ("Tory", "the Elysee", "UK"), if listed."""
        return self.by_phrase.get(_strip_article(phrase.strip()))


def _strip_article(phrase: str) -> str:
    # NER spans exclude a leading "the", so patterns must too ("the Elysee" -> "Elysee").
    return phrase[4:] if phrase.lower().startswith("the ") else phrase


def _entries(data: dict[str, Any]) -> tuple[list[Entry], dict[str, ActorKind]]:
    entries: list[Entry] = []
    kinds: dict[str, ActorKind] = {}

    def add(phrase: str, label: str, actor: str, kind: ActorKind, *, place: bool = False) -> None:
        entries.append(Entry(_strip_article(phrase), label, actor, kind, place))

    for country in data.get("countries", ()):
        name = country["name"]
        kinds[name] = "country"
        for phrase in [name, *country.get("aliases", ())]:
            add(phrase, "GPE", name, "country", place=True)
        for phrase in country.get("capitals", ()):
            add(phrase, "GPE", name, "country", place=True)
        for phrase in country.get("demonyms", ()):
            add(phrase, "NORP", name, "country")
        for phrase in country.get("metonyms", ()):
            add(phrase, "ORG", name, "country")
    for org in data.get("organizations", ()):
        name = org["name"]
        kinds[name] = "organization"
        for phrase in [name, *org.get("aliases", ())]:
            add(phrase, "ORG", name, "organization")
        for phrase in org.get("metonyms", ()):
            add(phrase, "GPE", name, "organization", place=True)
    for group in data.get("groups", ()):
        name = group["name"]
        kinds[name] = "group"
        for phrase in [name, *group.get("aliases", ())]:
            add(phrase, "ORG", name, "group")
        for phrase in group.get("adjectives", ()):
            add(phrase, "NORP", name, "group")
    # A later, more specific listing wins ("Brussels" as the EU over Belgium's capital), but a
    # place keeps its place reading over a demonym spelled the same ("US").
    unique: dict[str, Entry] = {}
    for entry in entries:
        known = unique.get(entry.phrase)
        if known is None or not (known.is_place and not entry.is_place):
            unique[entry.phrase] = entry
    return list(unique.values()), kinds


@cache
def load_gazetteer() -> Gazetteer:
    text = resources.files("summarizer").joinpath("data/gazetteer.json").read_text("utf-8")
    entries, kinds = _entries(json.loads(text))
    return Gazetteer(tuple(entries), kinds, {entry.phrase: entry for entry in entries})
