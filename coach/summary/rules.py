"""The rules engine: notes -> points by topic, agreed goals, to-dos with owners, meetings.

One pass over the lines. Headings ("Mål", "## Aftaler", "**Agreed**", "What | Who | When")
say what the lines under them are; labels ("Mål:", "TODO AV:", "Opfølgning:") say it for one
line. A line is cut into sentences and, where a second person takes over ("…, og Jakob
sender …", "…; I comment …", "… – jeg finder et kursus"), into clauses. Each clause is then:

- a goal: under a goals heading or label, or starting with a goal noun ("Målet er, at …");
  "take/pass" + an exam or certificate is a goal too (an outcome, not a booking);
- a meeting: it names a follow-up ("opfølgning", "check-in", "ses igen") and a date;
- a to-do: under an actions heading or label, or a participant (or "jeg/vi/I/we") followed by
  an action verb in the present or future ("JK booker", "TL to send", "I'll check");
- else a point, filed under the topic its heading, label or words point at.

Nothing is rewritten: every item is a span of the notes.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from coach.goals.lexicon import smart_lexicon
from coach.language import Language
from coach.llm.checks import grounding_lexicon
from coach.summary.commitment import commitment
from coach.summary.dates import DateScan, NoteDate, read_dates, title_day
from coach.summary.lexicon import NotesLexicon, notes_lexicon
from coach.summary.notes import (
    Label,
    Line,
    is_heading,
    labels,
    sentences,
    split_lines,
    strip_markup,
    table_header,
    trim,
    words,
)
from coach.summary.people import (
    SAMPLE_LINES,
    Mention,
    Owner,
    People,
    is_key_line,
    is_name,
    read_people,
)
from coach.taxonomy import TOPIC_SLUGS

KIND_TOPIC = {"goals": "expectations-goals", "actions": "follow-up", "follow_up": "follow-up"}
DEFAULT_TOPIC = "work-situation"
_TITLE_WORDS = re.compile(
    r"(?<!\w)(?:mus|referat|noter|notes|review|appraisal|pdr|ppr|samtale|conversation|talk|1:1|"
    r"check-in|udviklingssamtale|medarbejdersamtale|discussion|supervision|one-to-one|1-2-1|"
    r"evaluation|dialogue|dialog|udviklingssnak)(?!\w)", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^[\s\d./-]*(?:\d{1,2}\.?\s+[^\W\d_]+\.?(?:\s+\d{4})?|\d{4}-\d\d-\d\d"
                        r"|\d{1,2}[./]\d{1,2}(?:[./-]\d{2,4})?)[\s.]*$")
# A week without a day ("uge 22", "week 14"), and what joins a second meeting to a first
_WEEK_ONLY = re.compile(r"(?<!\w)(?:uge|week|wk|w)\.?\s*\d{1,2}(?!\d)", re.IGNORECASE)
_SECOND = re.compile(r"[,;]|(?<!\w)(?:ellers|eller|og|otherwise|or|and|else|plus)(?!\w)",
                     re.IGNORECASE)
# Where a second to-do may start inside a line: the text after it must begin with a person
# and a verb ("…, og Jakob sender …").
_CLAUSE_BREAK = re.compile(r"\s*(?:;|,?\s+og\s+at\s+|,?\s+and\s+that\s+|,\s+og\s+|,\s+and\s+|"
                           r"\s+og\s+|\s+and\s+|\s+\+\s+|\s+&\s+|\s+[–—-]\s+|\s*→\s*|\s*->\s*|"
                           r",\s+)\s*", re.IGNORECASE)
_ARROW = re.compile(r"(?:→|->|=>)\s*")
# A line that opens with a negation states a standing rule or arrangement ("ingen dobbeltvagter
# frem til sommer", "no tills on Saturdays for a month"), not a to-do
_RULE = re.compile(r"(?:ingen|intet|ikke|aldrig|no|not|never|none)\s", re.IGNORECASE)
# A measurable target without a doer: a percentage, a score or count "to/til/under N", or an
# exam or certificate code ("AZ-104", "CCNA")
_TARGET = re.compile(r"\d+(?:[.,]\d+)?\s*%|(?<!\w)(?:to|til|under|below|over|above|min\.?|max\.?)"
                     r"\s+\d|(?<![\w-])[A-Z]{2,6}-?\d{2,4}(?![\w-])", re.IGNORECASE)
_TRAILING_OWNER_STOP = re.compile(
    r"\s*(?:[,;.)|]|$|\s(?:by|inden|senest|før|before|til|due|until|frist|deadline|[–—-]))",
    re.IGNORECASE)
# Between a subject and its verb: the modals that commit ("MJ skal", "Tom to", "I'll");
# "needs to", "bør", "should" in a feedback section are expectations, not agreements
_COMMITS = re.compile(r"(?<!\w)(?:skal|will|shall|vil|going to)(?!\w)|['’]ll\b|"
                      r"(?<!\bneed )(?<!\bneeds )(?<!\bhas )(?<!\bhave )(?<!\bought )\bto\b",
                      re.IGNORECASE)
# "3 months", "6 uger": a duration on its own (a follow-up's distance from the meeting)
_DURATION = re.compile(r"(?<![\w.,])(?P<n>\d{1,2})\s*(?P<unit>months?|mths?|måneder|måned|mdr|"
                       r"weeks?|wks?|uger|uge)(?!\w)", re.IGNORECASE)
# A to-do that points at an event: a cue, then up to three words naming it
_EVENT_REF = re.compile(r"(?<!\w)(?:before|by|ahead of|prior to|at|for|inden|før|til|på|senest|"
                        r"forud for)\s+(?:the\s+|next\s+|næste\s+)?(?P<phrase>[^\W\d_]+"
                        r"(?:\s+[^\W\d_]+){0,2})", re.IGNORECASE)
_SEPARATOR_AFTER_OWNER = re.compile(r"\s*(?::|->|→|=>|[–—-](?=\s)|\|)?\s*")


@dataclass
class Clause:
    """A piece of a line that says one thing."""

    start: int
    end: int
    label_kind: str | None  # the line's or sentence's label: "goals", "actions", "follow_up"
    section_kind: str | None  # the heading above
    topic: str | None  # a topic its label or heading gives
    owner: Mention | None  # an owner its label or heading gives ("TODO AV:", "MH —")
    line: Line


@dataclass
class Item:
    """A goal, to-do, meeting or point: a span with what the rules read in it."""

    start: int
    end: int
    dates: DateScan
    owner: Owner | None = None
    unknown_initials: str | None = None
    topic: str = DEFAULT_TOPIC
    time: str | None = None
    verb: str | None = None  # a to-do's own action verb, when it has one


@dataclass
class Extraction:
    """Everything the rules read in one set of notes."""

    language: Language
    reference: date
    people: People
    title: tuple[int, int] | None = None
    meeting_date: date | None = None  # read from the title when the caller gave none
    points: list[Item] = field(default_factory=list)
    goals: list[Item] = field(default_factory=list)
    actions: list[Item] = field(default_factory=list)
    meetings: list[tuple[Item, NoteDate]] = field(default_factory=list)
    open_meetings: list[Item] = field(default_factory=list)  # a follow-up without a date
    week_meetings: list[tuple[Item, NoteDate]] = field(default_factory=list)  # "uge 22" only
    third_parties: list[str] = field(default_factory=list)  # names of people not in the meeting


class _Reader:
    """One pass over the notes."""

    def __init__(self, notes: str, language: Language, reference: date,
                 common: frozenset[str], title_date: bool = False) -> None:
        self.notes = notes
        self.lex: NotesLexicon = notes_lexicon(language)
        self.commit = commitment(language)
        self.reference = reference
        self.lines = split_lines(notes)
        # "Ms. A registers …": a title before a name ends no sentence
        self.abbreviations = self.lex.abbreviations | {f"{h}." for h in self.lex.honorifics}
        self.header: set[int] = set()
        title, keys = self._header()
        # read_people takes the title first (empty when there is none), then the key lines
        texts = [notes[title[0]:title[1]] if title else ""]
        texts += [notes[line.body:line.stop] for line in keys]
        top = [notes[line.body:line.stop] for line in self.lines
               if not line.empty and line.number not in self.header][:SAMPLE_LINES]
        self.people = read_people(notes, texts, self.lex, common, top)
        meeting = title_day(texts[0], reference) if title_date and title else None
        self.reference = meeting or reference
        self.out = Extraction(language, self.reference, self.people, title, meeting)
        # Capitalised words used inside a line: names, not sentence starts (`_third_party`).
        self.mid_line_words = frozenset(re.findall(r"(?<=[\w,] )([A-ZÆØÅ][\w'’-]*)", notes))
        self.out.third_parties = self._third_party_names(common)
        self.last_topic = DEFAULT_TOPIC
        self.has_agreements = self._has_agreements()
        self.in_agreements = False  # under a goals or to-dos heading, whatever a label says
        self.pending: Item | None = None  # the last to-do, while it has no due day
        self.in_condition = False  # a clause of this sentence opened a condition

    def _has_agreements(self) -> bool:
        """True when a heading gathers the goals or to-dos ("Aftaler", "Agreed"): such notes
        put what was agreed there, and what they say elsewhere reports."""
        for line in self.lines:
            if line.empty or line.number in self.header:
                continue
            heading = is_heading(self.notes, line, self.lex)
            if heading is None:
                continue
            kind = table_header(heading, self.lex) or self.lex.label(heading)
            if kind in ("goals", "actions"):
                return True
        return False

    # -- header: title, key lines, date lines ----------------------------------------------
    def _header(self) -> tuple[tuple[int, int] | None, list[Line]]:
        filled = [line for line in self.lines if not line.empty]
        title: tuple[int, int] | None = None
        keys: list[Line] = []
        for n, line in enumerate(filled[:SAMPLE_LINES]):
            text = self.notes[line.body:line.stop]
            plain = self.notes[slice(*strip_markup(self.notes, line.body, line.stop))]
            if n == 0 and line.bullet is None and not is_key_line(plain, self.lex) \
                    and len(text) <= 160 and (_TITLE_WORDS.search(text) or _DATE_ONLY.match(
                        plain)) and not plain.rstrip().endswith(":") \
                    and not (len(words(plain)) <= 2 and self.lex.label(plain) in KIND_TOPIC):
                title = (line.body, line.stop)
                self.header.add(line.number)
            elif is_key_line(plain, self.lex) or _DATE_ONLY.match(plain):
                keys.append(line)
                self.header.add(line.number)
        return title, keys

    # -- the pass ------------------------------------------------------------------------------
    def run(self) -> Extraction:
        section_kind: str | None = None
        section_topic: str | None = None
        section_owner: Mention | None = None
        for line in self.lines:
            if line.empty or line.number in self.header:
                continue
            heading = is_heading(self.notes, line, self.lex)
            if heading is not None:
                kind = table_header(heading, self.lex)
                label = kind if kind is not None else self.lex.label(heading)
                section_owner = self._owner_in_heading(heading)
                if label is None and section_owner is not None \
                        and self._only_owner(heading, section_owner):
                    label = "actions"  # "MH:", "Dan to:", "Leder:" over a list of to-dos
                section_kind = label if label in KIND_TOPIC else None
                self.in_agreements = label in ("goals", "actions")
                section_topic = label if label in TOPIC_SLUGS else (
                    KIND_TOPIC.get(label or "") if label else None)
                if label is None and section_owner is None:
                    section_topic = self._cue_topic(heading)
                self.pending = None
                continue
            self._line(line, section_kind, section_topic, section_owner)
        self._link_bookings()
        self._link_events()
        return self.out

    def _owner_in_heading(self, heading: str) -> Mention | None:
        """A participant a heading names ("Aftaler – JN", "Next steps (Sam)", "Dan to:"); a
        pronoun only when it is the whole heading ("Det aftalte vi" is no owner)."""
        lex = self.lex
        pronouns = lex.pronoun_writer | lex.pronoun_both | lex.pronoun_other
        for m in re.finditer(r"[^\W_]+", heading):
            mention = self.people.mention(heading, m.start())
            if mention is None or not mention.known or mention.owner is None:
                continue
            if m.group().lower() not in pronouns or self._only_owner(heading, mention):
                return mention
        return None

    @staticmethod
    def _only_owner(heading: str, owner: Mention) -> bool:
        rest = (heading[:owner.start] + heading[owner.end:]).lower()
        return not re.sub(r"\b(?:to|skal|will|does|gør)\b|[\W_]", "", rest)

    def _line(self, line: Line, section_kind: str | None, section_topic: str | None,
              section_owner: Mention | None) -> None:
        start, end = strip_markup(self.notes, line.body, line.stop)
        found, pos = labels(self.notes, start, end, self.lex, self.people.is_owner_label)
        kind, topic, owner = self._read_labels(found)
        if kind is None and topic is not None and owner is None:
            # "Trivsel: B er presset …" under "Mål" or "Aftaler": the label says what the line
            # is about, so the heading's goals or to-dos do not claim it
            section_kind = None
        if kind is None and line.bullet in ("→", "->", "=>"):
            kind = "actions"
        for s_start, s_end in sentences(self.notes, pos, end, self.lex.language,
                                         self.abbreviations):
            more, s_pos = labels(self.notes, s_start, s_end, self.lex,
                                 self.people.is_owner_label)
            k2, t2, o2 = self._read_labels(more)
            before, points = len(self.out.actions), len(self.out.points)
            counts = self._counts()
            if self._dates_pending(s_pos, s_end):
                continue
            self.in_condition = False
            for c_start, c_end in self._clauses(s_pos, s_end):
                self._clause(Clause(c_start, c_end, k2 or kind, section_kind,
                                    t2 or topic or section_topic, o2 or owner or section_owner,
                                    line))
            self._join_enabled(before)
            self._join_booking(before, points)
            new = self._counts()
            if new != counts:  # the last item of this sentence is what a deadline after it dates
                self.pending = self.out.actions[-1] if new[0] > counts[0] and \
                    self.out.actions[-1].dates.due() is None else None

    def _counts(self) -> tuple[int, int, int]:
        return len(self.out.actions), len(self.out.goals), len(self.out.meetings)

    def _dates_pending(self, start: int, end: int) -> bool:
        """"… fordelingsnøgle. Skal være klar til teammødet 4. februar.", "Fristen er 1.
        oktober." on the next line: a sentence that opens with a deadline word and gives a
        day dates the to-do right before it (which then spans both)."""
        action, self.pending = self.pending, None
        if action is None:
            return False
        pos = start
        while pos < end and not self.notes[pos].isalnum():
            pos += 1
        if not self.commit.deadline_ref.match(self.notes, pos, end):
            return False
        scan = read_dates(self.notes, start, end, self.reference, self.lex)
        if scan.due(periods=False) is None:
            return False
        action.end = end
        action.dates = scan
        return True

    def _join_enabled(self, first: int) -> None:
        """"KN på kursus i Q1 – JP booker senest 20/12", "LA får oplæring – MJ aftaler tid,
        uge 13", "D. to do the course, steve to book": what one person receives and what
        another does to make it happen is one to-do, owned by the one who acts (the way
        independent note writers read it), due when that person's part is. It takes a first
        part with no action verb of its own, or a second part that books or enrols."""
        new = self.out.actions[first:]
        if len(new) != 2:
            return
        a, b = new
        if b.owner is None or b.owner == a.owner or b.start < a.end:
            return
        if "\n" in self.notes[a.end:b.start]:
            return
        books = b.verb is not None and self.lex.booking.match(b.verb)
        if a.verb is not None and not books:
            return
        dates = b.dates if b.dates.due() is not None else a.dates
        self.out.actions[first:] = [Item(a.start, b.end, dates, b.owner, b.unknown_initials,
                                         topic="follow-up", verb=b.verb)]

    def _join_booking(self, first: int, points: int) -> None:
        """"Bo kommer på et ekstra kursus d. 2. juni, Mona melder ham til": what one person
        receives, stated without a verb of its own, and the booking another makes for it in
        the same sentence are one to-do, the booker's, due when the first part says."""
        new, said = self.out.actions[first:], self.out.points[points:]
        if len(new) != 1 or len(said) != 1 or new[0].owner is None:
            return
        action, point = new[0], said[0]
        if action.verb is None or point.end > action.start \
                or "\n" in self.notes[point.end:action.start] \
                or not self.lex.booking.match(action.verb):
            return
        dates = action.dates
        if dates.due() is None:
            dates = read_dates(self.notes, point.start, point.end, self.reference, self.lex)
        self.out.points.pop()
        self.out.actions[-1] = Item(point.start, action.end, dates, action.owner,
                                    action.unknown_initials, topic="follow-up",
                                    verb=action.verb)

    def _read_labels(self, found: list[Label]) -> tuple[str | None, str | None,
                                                        Mention | None]:
        """The kind, topic and owner a line's or sentence's labels give."""
        kind = topic = None
        owner: Mention | None = None
        for label in found:
            text = label.text
            if self.commit.denial.search(text):
                continue  # "Ikke aftalt:", "Not agreed:": what follows was not agreed
            for part in re.split(r"\s+", text):
                if self.lex.label(part) in KIND_TOPIC:
                    kind = kind or self.lex.label(part)
            value = label.kind
            if value in KIND_TOPIC:
                kind = value
            elif value in TOPIC_SLUGS:
                topic = value
            mention = self._owner_in_label(text)
            if mention is not None:
                owner = mention
            if value is None and mention is None and kind is None:
                topic = topic or self._cue_topic(text)
        return kind, topic, owner

    def _owner_in_label(self, text: str) -> Mention | None:
        """The person a label names ("TODO AV", "MH", "Hvem: Nanna" is read elsewhere)."""
        for m in re.finditer(r"\S+", text):
            mention = self.people.mention(text, m.start())
            if mention is not None and mention.known and mention.end == len(text.rstrip()):
                return mention
        return None

    def _clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """Cut where another person starts a to-do; the rest stays one clause."""
        cuts = [start]
        for m in _CLAUSE_BREAK.finditer(self.notes, start, end):
            if m.start() - cuts[-1] < 6:
                continue
            after = self._skip_framing(m.end(), end)
            if self._goal_starts(after, end) and not (
                    self._goal_label_at(after, end)
                    and self.lex.outcome_strong.search(self.notes, cuts[-1], m.start())):
                # "…, og målet er, at …": a goal starts here; "Jonas bliver owner … – mål: …"
                # states one goal with its role, so the label does not cut it
                cuts.append(m.end())
                continue
            left = self._skip_framing(cuts[-1], m.start())
            before = self.people.mention(self.notes[:m.start()], left)
            if before is not None and before.end >= m.start():
                continue  # "Hussein og Karin gennemgår …": one pair, not two clauses
            mention = self.people.mention(self.notes[:end], after)
            if mention is None or self._verb_after(mention.end, end) is None:
                continue
            cuts.append(m.end())
        spans = []
        for a, b in zip(cuts, [*cuts[1:], end], strict=True):
            if b != end:
                b = self._cut_end(a, b)
            a, b = trim(self.notes, a, b)
            if b > a:
                spans.append((a, b))
        return spans

    def _goal_label_at(self, pos: int, end: int) -> bool:
        noun = self.lex.goal_noun.match(self.notes, pos, end)
        return noun is not None and bool(re.match(r"\s*:", self.notes[noun.end():end]))

    def _goal_starts(self, pos: int, end: int) -> bool:
        """"…, og målet er, at …", "… – mål: kan køre analyserne selv": a goal starts here."""
        noun = self.lex.goal_noun.match(self.notes, pos, end)
        return noun is not None and (bool(re.match(
            r"[^\W\d_]+\s+(?:er|is|var|was)\b", self.notes[pos:end], re.IGNORECASE))
            or bool(re.match(r"\s*:\s*\S", self.notes[noun.end():end])))

    def _cut_end(self, start: int, cut: int) -> int:
        """Where the clause before a cut ends: before the separator that made the cut."""
        last = None
        for last in _CLAUSE_BREAK.finditer(self.notes, start, cut):  # noqa: B007 - the last one
            continue
        return last.start() if last is not None and last.end() == cut else cut

    def _skip_framing(self, pos: int, end: int) -> int:
        for _ in range(4):
            m = self.lex.framing.match(self.notes, pos, end)
            if m is None or m.end() == pos:
                break
            pos = m.end()
        return pos

    def _verb_after(self, pos: int, end: int) -> re.Match[str] | None:
        """An action verb after a subject, skipping "will", "to", "skal", a label's ':'."""
        sep = _SEPARATOR_AFTER_OWNER.match(self.notes, pos, end)
        pos = sep.end() if sep else pos
        if self.lex.not_commitment.match(self.notes, pos, end):
            return None
        for _ in range(4):
            m = self.lex.modal.match(self.notes, pos, end)
            if m is None:
                break
            pos = m.end()
            while pos < end and self.notes[pos] == " ":
                pos += 1
        if self.lex.not_commitment.match(self.notes, pos, end):
            return None
        return self.lex.action_verb.match(self.notes, pos, end) or \
            self.lex.outcome_strong.match(self.notes, pos, end)

    # -- one clause --------------------------------------------------------------------------
    def _subject_and_verb(self, c: Clause) -> tuple[Mention | None, re.Match[str] | None, int]:
        """Who the clause is about and its action verb: "JK booker", "TL to send", or an
        imperative ("Book kursus"); also after a framing later on ("CCNA? aftalt at han …")."""
        notes = self.notes
        body = self._skip_framing(c.start, c.end)
        subject = self.people.mention(notes[:c.end], body)
        if subject is not None and not subject.known and not self._third_party(subject):
            subject = None
        verb = self._verb_after(subject.end, c.end) if subject is not None else None
        if verb is None and subject is not None and subject.known:
            verb = self._open_verb(subject.end, c.end)  # "RB to involve LH", "Ella keeps …"
        if verb is None and (subject is None or not subject.known):
            verb = self._verb_after(body, c.end)
            subject = None if verb is not None else subject
        if verb is None:
            for m in self.lex.framing.finditer(notes, body + 1, c.end):
                if not re.search(r"\s(?:at|that)\s*$", m.group()):
                    continue
                later = self.people.mention(notes[:c.end], m.end())
                if later is not None and later.known:
                    verb = self._verb_after(later.end, c.end)
                    if verb is not None:
                        return later, verb, body
        return subject, verb, body

    def _open_verb(self, pos: int, end: int) -> re.Match[str] | None:
        """Any verb after a participant and "will/to/skal" ("RB to involve …"): the modal
        makes it an agreement whatever the verb."""
        if re.search(r"['’]ll$", self.notes[max(0, pos - 3):pos]):  # "I'll sit with him"
            m = re.compile(r"\s+(?:also\s+|then\s+)?(?P<verb>[^\W\d_]{2,})").match(
                self.notes, pos, end)
            if m is not None and not self.lex.copula.match(self.notes, m.start("verb"), end) \
                    and not self.lex.not_commitment.match(self.notes, m.start("verb"), end):
                return m
        sep = _SEPARATOR_AFTER_OWNER.match(self.notes, pos, end)
        pos = sep.end() if sep else pos
        modal = re.compile(r"(?:will|'ll|’ll|to|shall|skal|is going to|are going to)\s+"
                           r"(?:also\s+|også\s+)?(?P<verb>[^\W\d_]{2,})", re.IGNORECASE)
        m = modal.match(self.notes, pos, end)
        if m is None or self.lex.copula.match(self.notes, m.start("verb"), end) \
                or self.lex.not_commitment.match(self.notes, m.start("verb"), end):
            return None
        return m

    def _clause(self, c: Clause) -> None:
        notes, lex = self.notes, self.lex
        text = notes[c.start:c.end]
        if not words(text):
            return
        if c.label_kind == "goals" or self._goal_marker(c):
            self._goal(c)
            return
        # Dates are read only where they can matter: most lines are points, and the scan is
        # the costliest step per line.
        scanned: list[DateScan] = []

        def dates() -> DateScan:
            if not scanned:
                scanned.append(read_dates(notes, c.start, c.end, self.reference, lex))
            return scanned[0]

        subject, verb, body = self._subject_and_verb(c)
        acts = verb is not None and (subject is None or subject.known or subject.end <= body + 12)
        agent = c.owner or (subject if subject is not None and subject.known else None)
        named = self._names_meeting(c, text)
        if named or c.section_kind == "follow_up":
            # a rhythm ("check-in every Friday") masks its own weekday, so days left are dates
            days = [d for d in dates().meetings() if not d.start_only]
            if days and all(d.day <= self.reference for d in days):
                self._point(c, "follow-up")  # "Review meeting held: 25 September": this one
                return
            if named and not days:
                days = self._bare_duration(c)  # "Check-in: 3 months"
            if days and (named or not acts):
                if not any(d.exact for d in days) and _WEEK_ONLY.search(days[0].text):
                    # "Næste samtale: uge 22": the week is agreed, the day is not
                    self.out.week_meetings.append((Item(c.start, c.end, dates(),
                                                        topic="follow-up"), days[0]))
                    self._point(c, "follow-up")
                    return
                self._meeting(c, dates(), days)
                self._second_meeting(c, days)
                return
            loose = any(d.loose for d in dates().dates)  # "i starten af december"
            books = acts and agent is not None and self.lex.booking.search(text) is not None
            if named and not days and not dates().frequency and not books and (
                    c.label_kind == "follow_up" or loose or not (acts and agent)):
                self.out.open_meetings.append(Item(c.start, c.end, dates(), topic="follow-up"))
                self._point(c, "follow-up")
                return
        if lex.goal_noun.match(notes, body, c.end) or re.match(
                r"[^\W\d_]+['’]s\s+(?:goal|aim|objective)\b", notes[body:c.end], re.IGNORECASE):
            self._goal(c)
            return
        # "KN skriver forslag … → JP inden jul": after a subject with its verb, the arrow
        # names who receives it, not who does it
        explicit = self._explicit_owner(c.start, c.end, arrows=not (
            verb is not None and subject is not None and subject.known
            and subject.owner is not None))
        if explicit is None and verb is None:
            explicit = self._acting_in_parens(c.start, c.end)
        in_actions = c.label_kind == "actions" or c.section_kind == "actions"
        known_subject = subject if subject is not None and subject.known else None
        owner = explicit or c.owner or (subject if verb is not None else None) or (
            known_subject if in_actions else None)
        if verb is not None and self._is_outcome(verb, text, in_actions, dates):
            self._goal(c)
            return
        if c.section_kind == "goals" and c.label_kind is None:
            if verb is not None and (explicit or c.owner) \
                    and not lex.outcome_strong.match(notes, verb.start(), c.end):
                self._action(c, dates(), owner, verb)
            else:
                self._goal(c)
            return
        if in_actions:
            if known_subject is not None and verb is None and self._states(known_subject, c):
                self._point(c)  # "aftalt: mikkel er tovholder fra marts"
                return
            if verb is None and (subject is None or not subject.known) and owner is None \
                    and _RULE.match(text) and not self._someone_acts(c):
                self._point(c)  # "ingen weekendarbejde i juli": a standing rule, no to-do
                return
            if verb is None and (subject is None or not subject.known) and owner is None \
                    and _TARGET.search(text) and dates().due() is not None:
                self._goal(c)  # "→ QA score to 92% by end of May": a target, nobody's to-do
                return
            self._action(c, dates(), owner, verb)
            return
        if verb is not None and (explicit or c.owner or subject is not None):
            self._action(c, dates(), owner, verb)
            return
        if explicit is not None and (dates().due() or _ARROW.search(text)):
            self._action(c, dates(), owner, verb)
            return
        if verb is not None and (dates().due() is not None or c.line.bullet in ("→", "->")):
            self._action(c, dates(), owner, verb)
            return
        self._point(c)

    def _someone_acts(self, c: Clause) -> bool:
        """A participant followed by an action verb anywhere in the clause ("… (MJ tjekker
        vagtplan)")."""
        for m in re.finditer(r"[^\W\d_][\w.]*", self.notes[c.start:c.end]):
            mention = self.people.mention(self.notes[:c.end], c.start + m.start())
            if mention is not None and mention.known \
                    and self._verb_after(mention.end, c.end) is not None:
                return True
        return False

    def _goal_marker(self, c: Clause) -> bool:
        """"… inden 1. april 2027 (mål)": a goal label at the end."""
        m = re.search(r"[(\[]\s*([^()\[\]]{1,20}?)\s*[)\]]\s*\.?$", self.notes[c.start:c.end])
        return m is not None and self.lex.label(m.group(1)) == "goals"

    def _is_outcome(self, verb: re.Match[str], text: str, in_actions: bool,
                    dates: Callable[[], DateScan]) -> bool:
        """A result rather than a to-do: "bestå/complete/become …", or "tage/get" + an exam
        or certificate. A strong outcome verb needs an agreement around it (an actions list, a
        date, also a start: "– starter 1. maj", a marker: "aftalt at hun overtager rollen") so
        that "Jakob bliver tovholder" stays a point."""
        notes, lex = self.notes, self.lex
        if lex.outcome_verb.match(notes, verb.start()) and lex.outcome.search(text):
            return True
        return bool(lex.outcome_strong.match(notes, verb.start())) and (
            in_actions or bool(dates().dates) or self.commit.marker.search(text) is not None)

    def _states(self, subject: Mention, c: Clause) -> bool:
        sep = _SEPARATOR_AFTER_OWNER.match(self.notes, subject.end, c.end)
        pos = sep.end() if sep else subject.end
        return bool(self.lex.copula.match(self.notes, pos, c.end))

    def _names_meeting(self, c: Clause, text: str) -> bool:
        """True when the clause names a follow-up meeting ("Opfølgning:", "check in again",
        "vi ses igen"), not a to-do that follows something up ("følge op med HR")."""
        if c.label_kind == "follow_up":
            return True
        masked = re.sub(r"\([^()]*\)", lambda p: " " * len(p.group()), text)
        m = self.lex.follow_up.search(masked)  # "(næste møde 12/11)" is someone else's meeting
        if m is None:
            return False
        verbish = m.group().lower().split()[0] in ("følge", "følger", "follow")
        rest = text[m.end():].lstrip()
        obj = self.lex.follow_up_object.match(rest)
        return not (verbish and obj is not None and not re.match(r"\s*\d", rest[obj.end():]))

    def _third_party_names(self, common: frozenset[str]) -> list[str]:
        """Names of people outside the meeting ("snak med Peter fra HR"): capitalised words
        used inside a line that are no participant, no known word and no acronym."""
        known = {w for p in self.people.persons for a in p.aliases for w in a.split()}
        return sorted(w for w in self.mid_line_words
                      if re.fullmatch(r"[A-ZÆØÅ][a-zæøåäöüé'’-]{2,}", w) and w.lower() not in common
                      and w.lower() not in known and is_name(w, self.lex))

    def _third_party(self, mention: Mention) -> bool:
        """An unknown subject counts as a person outside the meeting ("HR indkalder", "Lars
        sender") when it is written in capitals or used as a name elsewhere in the notes,
        not when it is only a capitalised first word ("Månedsafslutning tager 8 dage")."""
        word = self.notes[mention.start:mention.end]
        return word.isupper() or word in self.mid_line_words

    def _explicit_owner(self, start: int, end: int, arrows: bool = True) -> Mention | None:
        """An owner the clause names outright: "ansvar: Grethe", "→ Zoe", "| OG |", "(Amira)",
        "– JK" at the end."""
        notes = self.notes
        scope = notes[:end]
        for m in self.lex.owner_field.finditer(notes, start, end):
            sep = re.compile(r"\s*[:=.]?\s*").match(notes, m.end(), end)
            if sep is None or sep.end() == m.end():
                continue
            mention = self.people.mention(scope, sep.end())
            if mention is not None and mention.known:
                return mention
        for m in _ARROW.finditer(notes, start, end) if arrows else ():
            mention = self.people.mention(scope, m.end())
            if mention is not None and mention.known and _TRAILING_OWNER_STOP.match(
                    notes, mention.end, end):
                return mention
        for m in re.finditer(r"\|\s*", scope[start:end]):
            pos = start + m.end()
            mention = self.people.mention(scope, pos)
            if mention is not None and mention.known and re.compile(r"\s*(?:\||$)").match(
                    scope, mention.end):
                return mention
        tail = re.compile(r"(?:\(\s*|\s[–—-]\s*)([^()–—]{1,40}?)\s*\)?\s*[.]?$").search(
            scope, start)
        if tail:
            mention = self.people.mention(scope, tail.start(1))
            if mention is not None and mention.known and mention.end >= tail.end(1):
                return mention
        return None

    def _acting_in_parens(self, start: int, end: int) -> Mention | None:
        """"jeg går ned til 3 aftenvagter (Hanne sørger for det)": when the clause has no
        action verb of its own, a participant who acts in a closing parenthesis carries out
        the agreement ("G attends … (O approves)" stays G's: G acts)."""
        scope = self.notes[:end]
        last = re.compile(r"\(\s*([^()]{2,80})\)\s*[.]?$").search(scope, start)
        if last:
            mention = self.people.mention(scope, last.start(1))
            if mention is not None and mention.known and mention.owner is not None \
                    and self._verb_after(mention.end, last.end(1)) is not None:
                return mention
        return None

    # -- items -------------------------------------------------------------------------------
    def _goal(self, c: Clause) -> None:
        if c.label_kind != "goals" and self.commit.blocks(self.notes[c.start:c.end], goal=True):
            self._point(c)  # "vil gerne på sigt …", "overvejer …": a wish, not an agreed goal
            return
        dates = read_dates(self.notes, c.start, c.end, self.reference, self.lex)
        self.out.goals.append(Item(c.start, c.end, dates, topic="expectations-goals"))

    def _action(self, c: Clause, dates: DateScan, owner: Mention | None,
                verb: re.Match[str] | None = None) -> None:
        if self._not_agreed(c, dates, verb):
            self._point(c)
            return
        item = Item(c.start, c.end, dates, owner.owner if owner else None,
                    owner.unknown_initials if owner else None, topic="follow-up",
                    verb=self.notes[verb.start():c.end] if verb is not None else None)
        self.out.actions.append(item)

    def _not_agreed(self, c: Clause, dates: DateScan, verb: re.Match[str] | None) -> bool:
        """A would-be to-do that agrees nothing: a wish, a habit or standing rule, a condition,
        something already done; or, in a section that describes (feedback, wellbeing), a
        report in the present tense without a deadline, a commitment modal or a marker; so is
        such a report outside the agreements when the notes gather them under a heading."""
        if c.label_kind == "actions":
            return False
        text = self.notes[c.start:c.end]
        why = self.commit.blocks(text, goal=False)
        if why == "conditional" or self.in_condition:
            # "if bus is an issue tell me & we look at start time": what follows the
            # condition in the sentence is part of the rule
            self.in_condition = True
            return True
        if why is not None:
            return True
        if c.section_kind is not None or self.in_agreements or not (
                self.has_agreements or c.topic in self.commit.descriptive):
            return False
        if dates.due() is not None or self.commit.marker.search(text):
            return False
        head = self.notes[c.start:verb.start()] if verb is not None else ""
        lex = self.lex
        if any(w.lower() in lex.pronoun_writer | lex.pronoun_both for w in words(head)):
            return False  # "Jeg laver en ny fordelingsnøgle": the writer commits
        return not _COMMITS.search(head)

    def _bare_duration(self, c: Clause) -> list[NoteDate]:
        """"Check-in: 3 months", "Opfølgning: 6 uger": a follow-up that gives only how long
        until it, without "in/om", is that long after the reference day."""
        m = _DURATION.search(self.notes, c.start, c.end)
        if m is None or re.search(r"(?:in|om|after|efter|within|inden for)\s*$",
                                  self.notes[c.start:m.start()], re.IGNORECASE):
            return []
        n, unit = int(m.group("n")), m.group("unit").lower()
        if unit.startswith(("w", "u")):
            day = self.reference + timedelta(weeks=n)
        else:
            month = self.reference.month - 1 + n
            year, month = self.reference.year + month // 12, month % 12 + 1
            day = date(year, month, min(self.reference.day, monthrange(year, month)[1]))
        return [NoteDate(day, m.start(), m.end(), m.group(), False, False, False)]

    def _meeting(self, c: Clause, dates: DateScan, days: list[NoteDate]) -> None:
        item = Item(c.start, c.end, dates, topic="follow-up",
                    time=dates.times[0][1] if dates.times else None)
        for day in days:
            self.out.meetings.append((item, day))
        if self.lex.booking.search(self.notes, c.start, c.end):
            body = self._skip_framing(c.start, c.end)
            subject = self.people.mention(self.notes[:c.end], body)
            known = subject if subject is not None and subject.known else None
            if self._verb_after(known.end if known else body, c.end) is not None:
                owner = self._explicit_owner(c.start, c.end) or c.owner or known
                self.out.actions.append(Item(c.start, c.end, dates,
                                             owner.owner if owner else None, topic="follow-up"))
                return
            booker = self._booker(c)
            if booker is not None:  # "Opfølgning: aftalt til 8. januar, Hanne sender en invitation"
                self.out.actions.append(Item(booker.start, c.end, dates, booker.owner,
                                             topic="follow-up"))

    def _booker(self, c: Clause) -> Mention | None:
        """A participant later in a meeting's clause who books it ("…, Hanne sender en
        invitation")."""
        for m in re.finditer(r"(?<=[,;–—-] )[^\W\d_][\w.]*", self.notes[c.start:c.end]):
            at = c.start + m.start()
            mention = self.people.mention(self.notes[:c.end], at)
            if mention is None or not mention.known or mention.owner is None:
                continue
            verb = self._verb_after(mention.end, c.end)
            if verb is not None and self.lex.booking.match(self.notes, verb.start(), c.end):
                return mention
        return None

    def _second_meeting(self, c: Clause, days: list[NoteDate]) -> None:
        """"follow-up 1:1 April 15, otherwise a quick check-in after the summer break": a
        second meeting after the dated one, with no day of its own, is asked about."""
        after = max(d.end for d in days)
        for m in self.lex.follow_up.finditer(self.notes, after, c.end):
            if _SECOND.search(self.notes, after, m.start()):
                self.out.open_meetings.append(Item(m.start(), c.end, DateScan((), (), False),
                                                   topic="follow-up"))
                return

    def _link_bookings(self) -> None:
        """A booking on a meeting's line without a date of its own ("Torsdag 1/10 – AV sender
        indkaldelse") is due on the meeting's day."""
        for item, day in self.out.meetings:
            line_start = self.notes.rfind("\n", 0, item.start) + 1
            line_end = self.notes.find("\n", item.end)
            line_end = len(self.notes) if line_end < 0 else line_end
            for action in self.out.actions:
                if line_start <= action.start < line_end and action.dates.due() is None \
                        and self.lex.booking.search(self.notes, action.start, action.end):
                    action.dates = DateScan((day,), action.dates.times, action.dates.frequency)

    def _link_events(self) -> None:
        """"… before revalidation deadline" with "Revalidation due 30 Sept" elsewhere, "SB tager
        det med på ledermødet" with "ledermøde 27/5": a to-do without a day of its own that
        points at an event (a deadline word after "before/på/til") is due on the day another
        line of the notes, not itself a goal or to-do, gives that event."""
        taken = [(i.start, i.end) for i in (*self.out.actions, *self.out.goals)]
        for action in self.out.actions:
            if action.dates.due(periods=False) is not None:
                continue
            for key in self._event_keys(self.notes[action.start:action.end]):
                day = self._event_day(key, taken)
                if day is not None:
                    action.dates = DateScan((day,), action.dates.times, action.dates.frequency)
                    break

    def _event_keys(self, text: str) -> list[re.Pattern[str]]:
        """What names the event a to-do points at: the compound before a head ("ledermød"
        of "ledermødet") or the word before it ("revalidation" of "revalidation deadline")."""
        keys: list[re.Pattern[str]] = []
        for m in _EVENT_REF.finditer(text):
            ws = re.findall(r"[^\W\d_]+", m.group("phrase").lower())
            for n, w in enumerate(ws):
                for head in self.commit.event_heads:
                    at = w.find(head)
                    if at < 0 or (at > 0 and at < 3):
                        continue
                    if at >= 3:  # a compound: its first part says which event
                        keys.append(re.compile(rf"(?<!\w){re.escape(w[:at + len(head) - 1])}",
                                               re.IGNORECASE))
                    elif n > 0 and len(ws[n - 1]) >= 5:
                        stem = ws[n - 1][:max(5, len(ws[n - 1]) - 2)]
                        keys.append(re.compile(rf"(?<!\w){re.escape(stem)}", re.IGNORECASE))
        return keys

    def _event_day(self, key: re.Pattern[str], taken: list[tuple[int, int]]) -> NoteDate | None:
        for line in self.lines:
            if line.empty or any(a < line.stop and line.body < b for a, b in taken):
                continue
            if key.search(self.notes, line.body, line.stop) is None:
                continue
            due = read_dates(self.notes, line.body, line.stop, self.reference,
                             self.lex).due(periods=False)
            if due is not None and due.exact:
                return due
        return None

    def _point(self, c: Clause, topic: str | None = None) -> None:
        chosen = topic or c.topic or self._cue_topic(self.notes[c.start:c.end]) \
            or self.last_topic
        self.last_topic = chosen
        self.out.points.append(Item(c.start, c.end, DateScan((), (), False), topic=chosen))

    def _cue_topic(self, text: str) -> str | None:
        scores = {t: len(p.findall(text)) for t, p in self.lex.topics.items()}
        best = max(scores.values(), default=0)
        if not best:
            return None
        return next(t for t in TOPIC_SLUGS if scores.get(t) == best)


@cache
def never_names() -> frozenset[str]:
    """Capitalised words that are never a participant: month and weekday names and their
    abbreviations (the goal lexicon's), and the grounding check's common capitalised words."""
    data = smart_lexicon().data
    words = {*data["months"], *data["month_abbreviations"], *data["weekdays"]}
    return frozenset(str(w).lower() for w in words) | grounding_lexicon().common


def extract(notes: str, language: Language, reference: date, *,
            title_date: bool = False) -> Extraction:
    """Read goals, to-dos, meetings and points from `notes` (dates against `reference`).

    With `title_date` (no meeting date given) a date in the title line ("MUS 12/3") is the
    meeting's day and the reference instead.
    """
    return _Reader(notes, language, reference, never_names(), title_date).run()
