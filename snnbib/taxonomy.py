"""The topic taxonomy (data/topics.toml): sections and keyword rules -> topic slugs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ParseError
from .model import Topic, TopicAssignment
from .tomlio import check_types, read_toml, tables

TOPICS_FILE = "topics.toml"
SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# slugs become file and collection names: none may be a reserved device name on Windows
RESERVED_SLUGS = frozenset({"con", "prn", "aux", "nul"})


def is_reserved(slug: str) -> bool:
    """Whether `slug` is a device name Windows reserves (con, prn, aux, nul, com1, lpt9...)."""
    return slug in RESERVED_SLUGS or bool(re.fullmatch(r"(com|lpt)\d", slug))


def is_safe_slug(text: str) -> bool:
    """Whether `text` can be a topic slug, and so a file name anywhere."""
    return bool(SAFE_SLUG.match(text)) and not is_reserved(text)


TOPIC_FIELDS = {"slug": str, "name": str, "description": str, "parent": str, "group": bool, "fallback": bool,
                "sections": list, "keywords": list, "off_topic": list, "why": str}


@dataclass(frozen=True)
class Rule:
    """A keyword rule: any pattern found in a title assigns the topic, for the stated reason."""

    slug: str
    patterns: tuple[re.Pattern[str], ...]
    why: str

    def matches(self, title: str) -> str:
        """The matched text, or ''."""
        for pattern in self.patterns:
            found = pattern.search(title)
            if found:
                return found.group(0)
        return ""


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    sections: dict[str, str]  # normalised section heading -> slug
    rules: tuple[Rule, ...]
    off_topic_rules: tuple[Rule, ...]
    fallback: str
    groups: frozenset[str]

    def section_topic(self, heading: str) -> str:
        return self.sections.get(section_key(heading), "")

    def assign(self, title: str, section_slugs: tuple[str, ...]) -> tuple[TopicAssignment, ...]:
        """Topics for an SNN record: curator sections first, then keyword rules, else fallback."""
        out = [TopicAssignment(s, "section") for s in dict.fromkeys(section_slugs)]
        have = set(section_slugs)
        for rule in self.rules:
            if rule.slug in have:
                continue
            hit = rule.matches(title)
            if hit:
                out.append(TopicAssignment(rule.slug, "rule", f"title has {hit!r}: {rule.why}"))
                have.add(rule.slug)
        if not out and self.fallback:
            out.append(TopicAssignment(self.fallback, "rule", "no section or keyword rule matched"))
        return tuple(out)

    def off_topic(self, title: str) -> TopicAssignment | None:
        for rule in self.off_topic_rules:
            hit = rule.matches(title)
            if hit:
                return TopicAssignment(rule.slug, "rule", f"title has {hit!r}: {rule.why}")
        return None

    def expand(self, slugs: list[str] | tuple[str, ...]) -> list[str]:
        """Slugs with every group replaced by its children."""
        out: list[str] = []
        for slug in slugs:
            if slug in self.groups:
                out.extend(t.slug for t in self.topics if t.parent == slug)
            else:
                out.append(slug)
        return list(dict.fromkeys(out))


def section_key(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", heading.lower()).strip()


def load_taxonomy(data_dir: Path) -> Taxonomy:
    path = data_dir / TOPICS_FILE
    raw = tables(path, read_toml(path), "topic")
    topics, sections, rules, off_rules, groups = [], {}, [], [], set()
    fallback = ""
    known = {t["slug"] for t, _ in raw if isinstance(t.get("slug"), str)}
    seen: set[str] = set()
    for number, (item, line) in enumerate(raw, 1):
        check_types(path, line, item, TOPIC_FIELDS, f"topic #{number}")
        slug = item.get("slug", "")
        if not SAFE_SLUG.match(slug):
            raise ParseError(path, f"topic #{number}: slug {slug!r} must be lower-case letters, digits and single hyphens", line)
        if is_reserved(slug):
            raise ParseError(path, f"topic #{number}: slug {slug!r} is a reserved file name on Windows", line)
        if slug in seen:
            raise ParseError(path, f"topic #{number}: duplicate slug {slug!r}", line)
        seen.add(slug)
        parent = item.get("parent", "")
        if parent and parent not in known:
            raise ParseError(path, f"topic {slug!r}: unknown parent {parent!r}", line)
        topics.append(Topic(slug, item.get("name", slug), item.get("description", ""), parent))
        if item.get("group"):
            groups.add(slug)
        for heading in item.get("sections", []):
            sections[section_key(heading)] = slug
        why = item.get("why", "")
        try:
            if item.get("keywords"):
                rules.append(Rule(slug, tuple(re.compile(p, re.I) for p in item["keywords"]), why))
            if item.get("off_topic"):
                off_rules.append(Rule(slug, tuple(re.compile(p, re.I) for p in item["off_topic"]), why))
        except re.error as exc:
            raise ParseError(path, f"topic {slug!r}: bad pattern: {exc}", line) from None
        if item.get("fallback"):
            fallback = slug
    return Taxonomy(tuple(topics), sections, tuple(rules), tuple(off_rules), fallback, frozenset(groups))
