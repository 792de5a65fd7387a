"""HR's own guidance documents: add, list and remove; split into retrievable passages.

Originals are kept under `settings.org_dir` as `<id>.md`/`<id>.txt` next to a small JSON sidecar
with the metadata. The sidecar is written last and removed first, so a document exists exactly
when its sidecar does and a crash never leaves half a document in the index.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from coach.errors import InputError, NotFoundError
from coach.knowledge.passages import passage_id
from coach.knowledge.types import Passage
from coach.language import Language, check_language, detect_language
from coach.limits import check_audience, check_topic
from coach.settings import Settings
from coach.taxonomy import Audience

MAX_BYTES = 1024 * 1024
MIN_WORDS, MAX_WORDS = 60, 250
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
_SLUG = re.compile(r"[^a-z0-9]+")


class OrgDocument(BaseModel):
    """Metadata of one organisation document (the sidecar)."""

    id: str
    title: str
    topic: str
    audience: Audience
    language: Language
    filename: str
    added_at: str
    sha256: str
    bytes: int
    passages: int


def _slug(text: str) -> str:
    ascii_text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return _SLUG.sub("-", ascii_text).strip("-")[:40].strip("-") or "doc"


def decode_document(data: bytes) -> str:
    """Decode an uploaded file, or raise `InputError` (field `file`) saying what to fix."""
    if not data.strip():
        raise InputError("file", "the document is empty; add some guidance text")
    if len(data) > MAX_BYTES:
        raise InputError("file", "the document is larger than 1 MB; split it into smaller files")
    if b"\0" in data:
        raise InputError("file", "the document looks binary (NUL bytes); "
                             "save it as UTF-8 Markdown or plain text (.md/.txt)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("file", "the document is not valid UTF-8; save it as UTF-8") from exc
    return text


def _validate_tags(topic: str, audience: str, language: str | None) -> None:
    # Wording shared with every other check of these fields (coach.limits, coach.language).
    check_topic(topic)
    check_audience(audience)
    check_language(language)


def _words(text: str) -> int:
    return len(text.split())


def _units(paragraph: str) -> list[str]:
    """A paragraph, or its sentences (or word runs) when it alone exceeds MAX_WORDS."""
    if _words(paragraph) <= MAX_WORDS:
        return [paragraph]
    units: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        words = sentence.split()
        units.extend(" ".join(words[i:i + MAX_WORDS]) for i in range(0, len(words), MAX_WORDS))
    return units


def split_passages(text: str) -> list[tuple[str | None, str]]:
    """Split a document into `(heading, body)` passages of about 60-250 words.

    Hand-written rather than a library splitter: those cut by size only, while here headings
    start new passages, small sections merge with their neighbour (minimum size) and a
    passage keeps the heading it started under for its title. Short documents stay whole.
    """
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            sections[-1][1].extend(_units("\n".join(paragraph)))
            paragraph.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        found = _HEADING.match(line)
        if found:
            flush()
            sections.append((found.group(1).strip(), []))
        elif line.strip():
            paragraph.append(line.rstrip())
        else:
            flush()
    flush()

    chunks: list[tuple[str | None, list[str]]] = []
    for heading, units in sections:
        if not units:
            continue
        current: list[str] = []
        for unit in units:
            if current and _words("\n".join(current)) + _words(unit) > MAX_WORDS:
                chunks.append((heading, current))
                current = []
            current.append(unit)
        chunks.append((heading, current))

    # Merge passages under MIN_WORDS into the next one (or the previous one at the end) when the
    # result stays under MAX_WORDS; a merged-in section keeps its heading as a line of text.
    merged: list[tuple[str | None, list[str]]] = []
    for heading, units in chunks:
        if merged and _words("\n".join(merged[-1][1])) < MIN_WORDS and \
                _words("\n".join(merged[-1][1] + units)) <= MAX_WORDS:
            prev_heading, prev_units = merged[-1]
            extra = [heading, *units] if heading and heading != prev_heading else units
            merged[-1] = (prev_heading or heading, prev_units + extra)
        else:
            merged.append((heading, units))
    if len(merged) > 1 and _words("\n".join(merged[-1][1])) < MIN_WORDS and \
            _words("\n".join(merged[-2][1] + merged[-1][1])) <= MAX_WORDS:
        heading, units = merged.pop()
        prev_heading, prev_units = merged[-1]
        merged[-1] = (prev_heading, prev_units + ([heading] if heading else []) + units)
    return [(heading, "\n\n".join(units).strip()) for heading, units in merged]


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class OrgStore:
    """The organisation documents under `settings.org_dir`."""

    def __init__(self, settings: Settings) -> None:
        """Use the org directory of `settings` (created on first add)."""
        self.dir = settings.org_dir

    def add_file(self, path: Path, *, topic: str, audience: str, language: str | None = None,
                 title: str | None = None) -> OrgDocument:
        """Add a UTF-8 Markdown or text file (at most 1 MB)."""
        _validate_tags(topic, audience, language)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError("file", f"cannot read {path.name} ({exc.strerror}); check the path") \
                from exc
        text = decode_document(data)
        return self.add_text(text, title or _default_title(text, path.stem), topic, audience,
                             language, filename=path.name)

    def add_text(self, text: str, title: str | None, topic: str, audience: str,
                 language: str | None = None, *, filename: str | None = None) -> OrgDocument:
        """Validate and store a document; returns its metadata (see `put_text`).

        Raises:
            InputError: empty, too large, binary, bad topic/audience/language, or the same
                document stored with other tags. Nothing is written in that case.
        """
        return self.put_text(text, title, topic, audience, language, filename=filename)[0]

    def put_text(self, text: str, title: str | None, topic: str, audience: str,
                 language: str | None = None, *,
                 filename: str | None = None) -> tuple[OrgDocument, bool]:
        """Store a document unless it is stored already: `(document, created)`.

        Adding the same text under the same title and tags again answers with the stored
        document (a client retrying an add whose answer it never got must not get an error);
        the same text and title with other tags is refused, since it would replace nothing.

        Raises:
            InputError: as `add_text`.
        """
        _validate_tags(topic, audience, language)
        data = text.encode("utf-8")
        decode_document(data)  # same size / emptiness / NUL checks as for files
        text = text.replace("\r\n", "\n").strip()
        title = (title or "").strip() or _default_title(text, "document")
        lang: Language = language or detect_language(text[:5000])  # type: ignore[assignment]
        digest = hashlib.sha256(data).hexdigest()
        doc_id = f"org-{_slug(title)}-{digest[:6]}"
        if self._exists(doc_id):
            existing = next((d for d in self.list() if d.id == doc_id), None)
            if existing is not None and (existing.topic, existing.audience, existing.language,
                                         existing.sha256) == (topic, audience, lang, digest):
                return existing, False
            raise InputError("text", f"this document is already stored as {doc_id} with other "
                                     "tags; remove it first")
        suffix = ".md" if not filename or not filename.lower().endswith(".txt") else ".txt"
        doc = OrgDocument(
            id=doc_id, title=title[:200], topic=topic, audience=audience,  # type: ignore[arg-type]
            language=lang, filename=f"{doc_id}{suffix}",
            added_at=datetime.now(UTC).isoformat(timespec="seconds"), sha256=digest,
            bytes=len(data), passages=len(split_passages(text)),
        )
        self._save(doc, text)
        return doc, True

    # Storage primitives; `orgdocs_server.ChromaOrgStore` keeps documents in a Chroma
    # server instead, so that several service processes share them.

    def _exists(self, doc_id: str) -> bool:
        return (self.dir / f"{doc_id}.json").exists()

    def _save(self, doc: OrgDocument, text: str) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.dir / doc.filename, text.encode("utf-8"))
        _write_atomic(self.dir / f"{doc.id}.json", doc.model_dump_json(indent=2).encode())

    def _read_text(self, doc: OrgDocument) -> str:
        return (self.dir / doc.filename).read_text("utf-8")

    def list(self) -> list[OrgDocument]:
        """All stored documents, oldest first."""
        if not self.dir.is_dir():
            return []
        docs = []
        for sidecar in self.dir.glob("org-*.json"):
            try:
                docs.append(OrgDocument.model_validate(json.loads(sidecar.read_text("utf-8"))))
            except (OSError, ValueError):
                continue  # a sidecar damaged by hand is skipped, not fatal for the service
        return sorted(docs, key=lambda d: (d.added_at, d.id))

    def get(self, doc_id: str) -> OrgDocument:
        """One document's metadata; `NotFoundError` when there is no such id."""
        for doc in self.list():
            if doc.id == doc_id:
                return doc
        raise NotFoundError("doc_id",
                            "no organisation document with that id; see the document list")

    def remove(self, doc_id: str) -> OrgDocument:
        """Delete a document (sidecar first, so it leaves the index even if the rest fails)."""
        doc = self.get(doc_id)
        (self.dir / f"{doc.id}.json").unlink(missing_ok=True)
        (self.dir / doc.filename).unlink(missing_ok=True)
        return doc

    def passages(self) -> builtins.list[Passage]:
        """Every stored document split into passages with `source="org"`."""
        out: list[Passage] = []
        for doc in self.list():
            try:
                text = self._read_text(doc)
            except (OSError, KeyError):
                continue
            parts = split_passages(text)
            seen: set[str] = set()
            for n, (heading, body) in enumerate(parts, 1):
                pid = passage_id(doc.id, body)
                if pid in seen:
                    continue  # identical chunks inside one document would collide
                seen.add(pid)
                if len(parts) == 1:
                    title = doc.title
                elif heading and heading != doc.title:
                    title = f"{doc.title} — {heading}"
                else:
                    title = f"{doc.title} ({n}/{len(parts)})"
                out.append(Passage(id=pid, doc_id=doc.id, title=title, topic=doc.topic,
                                   audience=doc.audience, language=doc.language, source="org",
                                   text=body))
        return out

    def fingerprint(self) -> tuple[tuple[str, int], ...]:
        """Cheap change marker (sidecar names and mtimes) so a retriever notices edits."""
        if not self.dir.is_dir():
            return ()
        with os.scandir(self.dir) as entries:
            return tuple(sorted((e.name, e.stat().st_mtime_ns) for e in entries
                                if e.name.endswith(".json") and e.name.startswith("org-")))


def _default_title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        found = _HEADING.match(line)
        if found:
            return found.group(1).strip()[:200]
    return fallback[:200]
