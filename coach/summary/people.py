"""Who is who in the notes: the participants, their initials and roles, and who "jeg/I" is.

Notes name people in many ways: a key line ("MH = Mette Holm (medarbejder), JK = leder",
"Key: SK = manager (me)"), a title ("MUS med Line", "Review with my manager (Dave)"), or only by
use ("→ Jake"). `read_people` collects them once; `People.mention` then reads an owner at a
place in a clause: initials, a name, a role word ("lederen", "Manager"), a pronoun ("jeg" is
the writer, "vi" both, "hun" the other party) or a pair ("MH + JK" is both).

Owners are only ever taken from the notes: a person the notes do not place (a colleague, HR)
is nobody's role, so the to-do gets no owner and the summary asks who.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from coach.summary.commitment import commitment
from coach.summary.lexicon import NotesLexicon, Role

Owner = Literal["employee", "manager", "both"]

_CAP = r"[A-ZÆØÅÄÖÜ]"
_LOW = r"[a-zæøåäöüéèáà]"
# "L. Hughes", "Dr. M. Chen": initials before a surname belong to the name
_NAME = re.compile(rf"(?<![\w.])(?:{_CAP}\.\s?)*{_CAP}{_LOW}+(?:-{_CAP}?{_LOW}+)?"
                   rf"(?:\s+(?:{_CAP}{_LOW}+(?:-{_CAP}?{_LOW}+)?|{_CAP}\.(?!\w)))*")
_INITIALS = re.compile(rf"(?<![\w.]){_CAP}{{2,3}}(?![\w])")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_NEXT_WORD = re.compile(r"\s+([^\W_]+)")
_DATED = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?!\d)")
# the two participants named together without "we": a closed class in both languages
_BOTH_PHRASE = re.compile(r"(?:the two of us|both of us|us two|vi to|os to|vi begge|os begge)"
                          r"(?!\w)", re.IGNORECASE)
_PARENS = re.compile(r"\(([^()]*)\)")
_SEPARATORS = re.compile(r"\s*(?:,|;|\||//|/|·|•|\s[–—-]\s|\s{2,}|\s(?:with|med|og|and|w/)\s"
                         r"|(?:(?<=[^\W\d_]{2})(?<!\b[DM][rs])(?<!\bMrs)|(?<=\)))\.\s+(?=[A-ZÆØÅ]))"
                         r"\s*", re.IGNORECASE)
_ALIAS = re.compile(r"^\s*(?P<alias>[^\W\d_][\w.]{0,20}(?:\s[^\W\d_][\w.]{0,20})?)\s*"
                    r"(?P<sep>=|:)\s*(?P<rest>.+)$")
_TITLE_PREPOSITION = re.compile(r"(?<!\w)(?:med|m\.|with|w/|w)\s+(?P<name>[^\W\d_][\w'’-]+)",
                                re.IGNORECASE)
_AFTER_MUS = re.compile(r"(?<!\w)mus\W{0,3}\s*(?:[\d./-]+\s+)?(?P<name>[^\W\d_]{2,})",
                        re.IGNORECASE)
# The most a title or key line can hold: more is a paragraph of notes, not a header.
MAX_HEADER_CHARS = 160
_BODY_ORDER = 10_000  # people introduced in the text come after every header line
SAMPLE_LINES = 6  # lines at the top searched for key lines


@dataclass
class Person:
    """One participant: the names and initials the notes use for them, and their role."""

    aliases: set[str] = field(default_factory=set)  # lower case
    role: Role | None = None
    writer: bool = False
    name: str = ""  # the longest name given, for the referat's header
    strong: bool = True  # named by a key or title pattern, not only guessed from use
    order: int = 1 << 30  # where the header first names them (title order decides roles)
    explicit: bool = False  # the notes state the role (not inferred from order or use)
    firm: bool = False  # a key line states the role ("Leder: MJ", "Reviewer: JW")

    def absorb(self, other: Person) -> None:
        """Take over `other`'s names, role and writer flag."""
        self.aliases |= other.aliases
        if other.explicit and not self.explicit:
            self.role = other.role
        self.role = self.role or other.role
        self.explicit = self.explicit or other.explicit
        self.firm = self.firm or other.firm
        self.writer = self.writer or other.writer
        self.strong = self.strong or other.strong
        self.order = min(self.order, other.order)
        if len(other.name) > len(self.name):
            self.name = other.name


@dataclass(frozen=True)
class Mention:
    """An owner read at a place in a clause.

    Attributes:
        owner: The role, "both", or None when the text names someone else (HR, a colleague).
        start: Where the mention starts.
        end: Where it ends.
        known: True when it is a participant, a role word or a pronoun.
        unknown_initials: Initials the notes never explain ("PL" without a key line).
    """

    owner: Owner | None
    start: int
    end: int
    known: bool
    unknown_initials: str | None = None


def _other(role: Role) -> Role:
    return "manager" if role == "employee" else "employee"


@dataclass
class People:
    """The participants of one set of notes and who the writer is."""

    lex: NotesLexicon
    persons: list[Person]
    writer_role: Role

    def __post_init__(self) -> None:
        self.by_alias: dict[str, Person] = {}
        for person in self.persons:
            for alias in person.aliases:
                self.by_alias.setdefault(alias, person)
        # "H undersøger …": a one-letter initial is the only participant whose name starts so
        by_letter: dict[str, set[int]] = {}
        for n, person in enumerate(self.persons):
            for alias in person.aliases:
                if len(alias) > 1 and alias[0].isalpha():
                    by_letter.setdefault(alias[0], set()).add(n)
        for letter, owners in by_letter.items():
            if len(owners) == 1:
                self.by_alias.setdefault(letter, self.persons[owners.pop()])
        self.longest_alias = max((len(a.split()) for a in self.by_alias), default=1)

    def role_of(self, person: Person) -> Role | None:
        """A participant's role (the writer's when the notes only say "me")."""
        return person.role or (self.writer_role if person.writer else None)

    @property
    def other_role(self) -> Role:
        """The role of "hun", "he", "du": the party who is not the writer."""
        return _other(self.writer_role)

    def participants(self) -> list[tuple[str, Role | None]]:
        """Named participants, employee first, with the role only where the notes state it
        (an inferred role decides owners, but the referat does not assert it)."""
        found = [(p.name, self.role_of(p) if p.explicit else None) for p in self.persons
                 if p.name and p.strong]
        return sorted(found, key=lambda pr: (pr[1] != "employee", pr[1] is None))

    def names(self) -> list[str]:
        """Every participant's name, name part and initials (kept from the language model).

        One-letter initials are left out: the redactor matches without case, and "I" or "a"
        would hide every such word from the model."""
        out: list[str] = []
        for p in self.persons:
            parts = {w for a in p.aliases if " " in a for w in a.split()}
            out += [a for a in p.aliases if len(a) > 3 and not a.isupper()]
            out += [a.upper() for a in p.aliases
                    if 2 <= len(a) <= 3 and " " not in a and a not in parts]  # "PK", "MH"
            if p.name:
                out.append(p.name)
        return sorted(set(out))

    def _one(self, text: str, pos: int) -> Mention | None:
        m = _WORD.match(text, pos)
        if m is None:
            return None
        pair = _BOTH_PHRASE.match(text, pos)
        if pair is not None:  # "the two of us walk the mezzanine", "vi to kigger på"
            return Mention("both", pos, pair.end(), True)
        word = m.group()
        low = word.lower().replace("’", "'")
        lex = self.lex
        if low in lex.pronoun_both:
            return self._phrase_end(text, m, "both")
        if low in lex.pronoun_writer and (word != "I" or lex.language == "en"):
            return Mention(self.writer_role, m.start(), m.end(), True)
        if low in lex.pronoun_other:
            return Mention(self.other_role, m.start(), m.end(), True)
        if low in lex.honorifics:  # "Ms. A", "Dr Chen": the name after the title says who
            after = re.compile(r"\.?\s+(?=[A-ZÆØÅ])").match(text, m.end())
            named = self._one(text, after.end()) if after else None
            if named is not None and named.known:
                return Mention(named.owner, m.start(), named.end, True)
        words = [m]
        while len(words) < self.longest_alias:
            nxt = _NEXT_WORD.match(text, words[-1].end())
            if nxt is None:
                break
            words.append(nxt)
        for n in range(len(words), 0, -1):
            alias = " ".join(w.group(1) if w is not m else w.group() for w in words[:n]).lower()
            person = self.by_alias.get(alias)
            if person is not None and len(alias) == 1 and not word.isupper():
                continue  # a one-letter initial ("G") only as a capital, never "a"
            if person is not None:
                end = words[n - 1].end()
                role = self.role_of(person)
                return Mention(role, m.start(), end, True)
        hit = lex.manager.match(text, pos)
        if hit:
            return Mention("manager", pos, hit.end(), True)
        hit = lex.employee.match(text, pos)
        if hit:
            return Mention("employee", pos, hit.end(), True)
        if lex.language == "da" and any(low.endswith(s) and len(low) > len(s) + 2
                                        for s in lex.manager_suffixes):
            return None  # "planlægningschef": a manager, but not necessarily this one
        if _INITIALS.fullmatch(word):
            return Mention(None, m.start(), m.end(), False, unknown_initials=word)
        if re.fullmatch(_CAP + r"\w+", word):
            return Mention(None, m.start(), m.end(), False)
        return None

    def _phrase_end(self, text: str, m: re.Match[str], owner: Owner) -> Mention:
        end = m.end()
        follow = re.compile(r"\s+(?:begge|both|sammen|together)(?!\w)", re.IGNORECASE)
        more = follow.match(text, end)
        return Mention(owner, m.start(), more.end() if more else end, True)

    def mention(self, text: str, pos: int = 0) -> Mention | None:
        """The owner named at `pos` in `text`: one person, role word or pronoun, or two of
        them joined by "og/and/+/&/," (both, when their roles differ)."""
        first = self._one(text, pos)
        if first is None:
            return None
        joiner = re.compile(r"\s*(?:\+|&|/|,|og|and)\s*", re.IGNORECASE).match(text, first.end)
        if joiner:
            second = self._one(text, joiner.end())
            if second is not None and second.known and first.known:
                roles = {first.owner, second.owner}
                owner: Owner | None = first.owner if len(roles) == 1 else (
                    "both" if roles == {"employee", "manager"} or "both" in roles else None)
                return Mention(owner, first.start, second.end, True)
        return first

    def is_owner_label(self, text: str) -> bool:
        """True when `text` is nothing but participants or pronouns ("JK", "MH + JK", "Jeg")."""
        stripped = text.strip()
        m = self.mention(stripped)
        return m is not None and m.known and m.end == len(stripped)


def _role_of_text(text: str, lex: NotesLexicon) -> Role | None:
    low = text.lower()
    if lex.writer_is_employee.search(low):
        return "manager"  # "min leder Torben": Torben is the manager
    if lex.writer_is_manager.search(low):
        return "employee"
    if lex.employee.search(low):
        return "employee"
    if lex.manager.search(low):
        return "manager"
    if lex.language == "da" and any(re.search(rf"\w{s}\b", low) for s in lex.manager_suffixes):
        return "manager"
    return None


def _is_role_phrase(text: str, lex: NotesLexicon) -> bool:
    """True when `text` is nothing but a role ("nærmeste leder", "line manager"), also with a
    qualifier before it ("Reviewing manager", "Ansvarlig leder"): the head noun comes last."""
    if lex.manager.fullmatch(text) or lex.employee.fullmatch(text):
        return True
    words = text.split()
    return 1 < len(words) <= 3 and bool(lex.manager.fullmatch(words[-1])
                                        or lex.employee.fullmatch(words[-1]))


def is_name(word: str, lex: NotesLexicon) -> bool:
    """True when `word` can be a name: no header, role or label word ("Køkkenchef" ends in
    a manager word)."""
    low = word.lower()
    return (low not in lex.header_words and low not in lex.honorifics
            and lex.label(low) is None and not lex.manager.fullmatch(low)
            and not lex.employee.fullmatch(low)
            and not (lex.language == "da" and any(low.endswith(x) and len(low) > len(x) + 2
                                                  for x in lex.manager_suffixes)))


def _names(text: str, lex: NotesLexicon) -> list[str]:
    out = []
    for m in _NAME.finditer(text):
        parts = [p for p in m.group().split() if is_name(p.rstrip("."), lex)]
        if parts:
            out.append(" ".join(parts))
    return out


def _names_masked(text: str, lex: NotesLexicon) -> str:
    """`text` with its names blanked (initials, roles and "me" stay)."""
    return _NAME.sub(lambda m: m.group() if _INITIALS.fullmatch(m.group()) or not _names(
        m.group(), lex) else " " * len(m.group()), text)


def _person_from(segment: str, lex: NotesLexicon, strong: bool = True) -> Person | None:
    """The person one key segment names ("MH = Mette Holm (medarbejder)"), if any."""
    person = Person(strong=strong)
    text = segment.strip(" .()")
    alias = _ALIAS.match(text)
    if alias:
        head = alias.group("alias").strip()
        low = head.lower()
        if low in lex.letters:
            person.role = lex.letters[low]
            person.aliases.add(low)
        elif lex.writer.fullmatch(low):
            person.writer = True
        elif (role := _role_of_text(head, lex)) is not None and (
                lex.key_label.fullmatch(low) or _is_role_phrase(low, lex)):
            person.role = role  # "Leder:", "Nærmeste leder:", "Employee:"
        elif lex.key_label.fullmatch(low):
            pass  # "Key:", "Deltagere:"
        elif not head.isupper() and _names(alias.group("rest"), lex):
            pass  # "Officer: Aaron Mensah": a job title before the name labels it
        else:
            person.aliases.add(low)
            if not head.isupper():
                person.name = head
        text = alias.group("rest")
    if lex.writer.search(text.lower()) or lex.writer_label.search(text.lower()):
        person.writer = True
    person.role = person.role or _role_of_text(text, lex)
    person.explicit = person.role is not None
    for initials in _INITIALS.findall(text):
        if not (lex.manager.fullmatch(initials.lower()) or lex.employee.fullmatch(
                initials.lower()) or initials.lower() in lex.header_words):
            person.aliases.add(initials.lower())
    for name in _names(text, lex):
        _add_name(person, name)
    bare = text.strip()
    if not person.aliases and person.role is not None and not person.writer \
            and re.fullmatch(rf"{_LOW}{{2,}}", bare) and is_name(bare, lex):
        _add_name(person, bare.capitalize())  # "leder: kenneth": notes typed in lower case
    if not person.aliases and not person.writer:
        return None if person.role is None else person
    return person


def _add_name(person: Person, name: str) -> None:
    parts = name.replace(".", " ").split()
    # "L. Hughes" is called by the surname, "Mette Holm" by the first name
    called = next((p for p in parts if len(p) > 1), parts[0])
    person.aliases |= {name.lower(), called.lower()}
    if len(parts) > 1:
        person.aliases.add("".join(p[0] for p in parts).lower())  # "Mette Holm" -> "mh"
    if len(name) > len(person.name):
        person.name = name


def _segments(line: str) -> list[str]:
    """Top-level pieces of a key line; parentheses stay with the name before them."""
    masked = _PARENS.sub(lambda m: "(" + "\0" * len(m.group(1)) + ")", line)
    out: list[str] = []
    pos = 0
    for sep in _SEPARATORS.finditer(masked):
        out.append(line[pos:sep.start()])
        pos = sep.end()
    out.append(line[pos:])
    return [s for s in out if s.strip()]


def is_key_line(text: str, lex: NotesLexicon) -> bool:
    """True for a line that says who is who ("Key: SK = manager", "MA: Fatima   L: Jette",
    "(me = Liam, design lead)", "Medarbejder: Louise (controller)")."""
    body = text.strip().strip("*").lstrip("(").strip()
    if not body or len(body) > MAX_HEADER_CHARS:
        return False
    if lex.writer_label.match(body.lower()) and _names(body, lex):
        return True  # "(notes by Amira, team lead)", "Referent Grethe"
    if _is_participant_line(body, lex) or _is_pairs_line(body, lex):
        return True
    alias = _ALIAS.match(body)
    if alias is None:
        return False
    head = alias.group("alias").strip().lower()
    if lex.writer.fullmatch(head) and len(alias.group("rest").split()) > 6:
        return False  # "me: asked about promotion to …": what the writer said, not a key
    if head in lex.letters or lex.key_label.fullmatch(head) or lex.writer.fullmatch(head) \
            or _is_role_phrase(head, lex):
        return True
    if alias.group("sep") == "=":
        return True
    if _LABELLED_PERSON.match(alias.group("rest")):
        return True  # "Operatør: Kasper N. (KN), CNC-afd.": a name with its initials
    return bool(_INITIALS.fullmatch(alias.group("alias").strip())
                and _role_of_text(alias.group("rest"), lex))


_LABELLED_PERSON = re.compile(rf"\s*{_NAME.pattern}(?:\s+{_CAP}\.)?\s*\(\s*{_CAP}{{2,3}}\s*\)")
_PARTICIPANT = re.compile(rf"(?:{_CAP}{{2,3}}|{_NAME.pattern})\s*\(([^()]{{1,60}})\)")


def _is_participant_line(body: str, lex: NotesLexicon) -> bool:
    """"SK (Research Associate, Cell Biology) – RB (Group Lead)": two or more segments, each a
    name or initials with a parenthesis, at least one of them a role. A line of people, so a
    key without the "=" or ":"."""
    segments = _segments(body)
    if len(segments) < 2:
        return False
    found = [_PARTICIPANT.fullmatch(seg.strip(" .")) for seg in segments]
    return all(found) and any(_role_of_text(m.group(1), lex) for m in found if m)


_NUMERIC_DATE = re.compile(r"(?<!\w)\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?(?!\w)")
_DATE_SEGMENT = re.compile(r"\s*(?:[\d./-]{4,10}|\d{1,2}\.?\s+[^\W\d_]{3,9}\.?(?:\s+\d{4})?)\s*")


def _is_pairs_line(body: str, lex: NotesLexicon) -> bool:
    """"Officer: Aaron Mensah    Manager: L. Hughes    25/11/2026": several "Label: Name"
    pairs on one line (runs of spaces, tabs or bars between them), perhaps a date, and at
    least one label a role."""
    segments = _segments(_NUMERIC_DATE.sub(lambda m: "0" * len(m.group()), body))
    pairs = [m for seg in segments if (m := _ALIAS.match(seg)) is not None
             and m.group("sep") == ":" and _names(m.group("rest"), lex)]
    dates = [seg for seg in segments if _DATE_SEGMENT.fullmatch(seg)]
    return len(pairs) >= 2 and len(pairs) + len(dates) == len(segments) and any(
        _is_role_phrase(m.group("alias").strip().lower(), lex) for m in pairs)


def _key_persons(line: str, lex: NotesLexicon) -> list[Person]:
    body = line.strip().strip("*").strip()
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1]
    label = _ALIAS.match(body)
    if label and lex.key_label.fullmatch(label.group("alias").strip().lower()) \
            and _role_of_text(label.group("alias"), lex) is None:
        body = label.group("rest")  # "Key: …", "Deltagere: …"
    persons: list[Person] = []
    if _is_participant_line(body, lex):
        for segment in _segments(body):
            m = _PARTICIPANT.fullmatch(segment.strip(" ."))
            if m is None:
                continue
            listed = Person(role=_role_of_text(m.group(1), lex))
            listed.explicit = listed.role is not None
            who = segment.strip(" .")[:m.start(1)].rstrip(" (")
            if _INITIALS.fullmatch(who):
                listed.aliases.add(who.lower())
                listed.name = who
            else:
                _add_name(listed, who)
            persons.append(listed)
        return persons
    segments = _segments(body)
    head = _ALIAS.match(segments[0].strip(" .()")) if segments else None
    # "Employee: Tom Gallagher, Senior Planning Officer": after a role label and one name, the
    # other segments describe that person (a job title), they name nobody
    described = head is not None and _is_role_phrase(head.group("alias").strip().lower(), lex)
    for n, segment in enumerate(segments):
        if described and n > 0 and not _ALIAS.match(segment.strip(" .()")) \
                and not _INITIALS.search(segment) and not lex.writer.search(segment.lower()):
            continue
        person = _person_from(segment, lex)
        if person is None:
            continue
        if not person.aliases and not person.writer and persons and persons[-1].role is None:
            persons[-1].role = person.role  # "RD = Rob Dunn, head of secondary"
            persons[-1].explicit = True
            continue
        if person.aliases and person.role is None and not person.writer and persons \
                and not persons[-1].aliases:
            persons[-1].absorb(person)  # "written by the employee, Jess"
            continue
        if person.aliases or person.writer:
            persons.append(person)
    return persons


def _title_persons(line: str, lex: NotesLexicon) -> list[Person]:
    """Participants a title names: "Name (…)", a role before a name, "med/with X"; other
    capitalised words are weak guesses, kept only if the notes use them."""
    persons: list[Person] = []
    masked = _PARENS.sub(lambda m: " " * len(m.group()), line)
    for m in _PARENS.finditer(line):
        before = _names(masked[max(0, m.start() - 40):m.start()].rstrip(), lex)
        inner = m.group(1)
        if not re.search(r"[^\W\d_]", inner) or lex.writer_label.match(inner.lower()):
            continue  # "(20.11.2026)"; "(written by …)" is read as the writer below
        if before and masked[:m.start()].rstrip().endswith(before[-1]):
            # "Anna Berg (Senior Consultant)": inside, only initials, a role and "me" count;
            # "Grace (G)": one capital letter is initials here too
            person = _person_from(_names_masked(inner, lex), lex) or Person()
            person.aliases |= {p.strip().lower() for p in inner.split(",")
                               if re.fullmatch(rf"\s*{_CAP}\s*", p)}
            _add_name(person, before[-1])
            person.order = masked.rfind(before[-1], 0, m.start())
            letter = inner.strip().lower()
            if person.role is None and inner.strip().isupper() and letter in lex.name_tags:
                person.role, person.explicit = lex.name_tags[letter], True  # "Ines Costa (EM)"
        else:
            person = _person_from(inner, lex) or Person()
            if not person.aliases and not person.writer:
                continue
            person.order = m.start()
            said = masked[:m.start()].split()
            if said and lex.writer.fullmatch(said[-1].lower()):
                person.writer = True  # "PK & me (Dana)", "mig (Henrik, teamleder)"
            elif person.role is None and not _INITIALS.search(inner) and "=" not in inner:
                person.strong = False  # "Ward 7 (Respiratory)": a guess, kept if used
        if person.role is None:
            prefix = masked[max(0, m.start() - 60):m.start()]
            role_words = prefix[: len(prefix) - len(before[-1])] if before else prefix
            person.role = _role_of_text(" ".join(role_words.split()[-3:]), lex)
            person.explicit = person.role is not None
        persons.append(person)
    for m in _NAME.finditer(masked):
        preceding = " ".join(masked[max(0, m.start() - 30):m.start()].split()[-3:])
        lead = m.group().split()[0]
        if len(m.group().split()) > 1 and not is_name(lead, lex):
            preceding = f"{preceding} {lead}"  # "Køkkenchef Lars": the role is the first word
        listed = re.search(r"[,;&]\s*$", masked[:m.start()]) is not None
        # "projektleder klimatilpasning, Teknik & Miljø": after a comma the role was another's
        role = _role_of_text(preceding, lex) if preceding and not listed else None
        if role is not None:
            person = Person(role=role, order=m.start(), explicit=True)
            names = _names(m.group(), lex)
            if names:
                _add_name(person, names[0])
                persons.append(person)
    for m in _TITLE_PREPOSITION.finditer(masked):
        word = m.group("name")
        if is_name(word, lex) and not lex.writer_is_employee.match(masked, m.start("name")):
            person = Person(strong=True, order=m.start("name"))
            _add_name(person, word)
            persons.append(person)
    label = lex.writer_label.search(line.lower())
    if label:  # "… – notes by Dan, supervisor": the writer, read like a key line
        persons += [p for p in _key_persons(line[label.start():], lex) if p.aliases]
    for m in _NAME.finditer(masked):
        for name in _names(m.group(), lex):
            person = Person(strong=False, order=m.start())
            _add_name(person, name)
            persons.append(person)
    for m in _AFTER_MUS.finditer(masked):  # "noter mus mikkel 9/2": names need no capital
        word = m.group("name")
        if _NAME.match(masked, _skip_space(masked, m.end("name"))):
            continue  # "MUS – farmakonom Julie": a job title before the name
        if is_name(word, lex) and not word[0].isupper():
            person = Person(strong=False, order=m.start("name"))
            _add_name(person, word)
            persons.append(person)
    return persons


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _title_initials(line: str, notes: str, found: list[Person],
                    lex: NotesLexicon) -> list[Person]:
    """Initials a title names ("MUS 20.5 – LM/SB", "Appraisal notes – RT & JB") that the notes
    use again: participants, in title order (`_settle_roles` then reads the order)."""
    known = {a for p in found for a in p.aliases}
    body = notes[notes.find(line) + len(line):] if line in notes else notes
    out = []
    for m in _INITIALS.finditer(line):
        low = m.group().lower()
        if low in known or low in lex.header_words or lex.manager.fullmatch(low) \
                or lex.employee.fullmatch(low) or low in lex.letters:
            continue
        if re.search(rf"(?<![\w.]){m.group()}(?![\w])", body):
            person = Person(strong=True, order=m.start())
            person.aliases.add(low)
            person.name = m.group()
            out.append(person)
            known.add(low)
    return out


def _merge(persons: list[Person]) -> list[Person]:
    merged: list[Person] = []
    for person in persons:
        same = [m for m in merged if m.aliases & person.aliases]
        if same:
            same[0].absorb(person)
            for extra in same[1:]:
                same[0].absorb(extra)
                merged.remove(extra)
        else:
            merged.append(person)
    return merged


def _frequent_names(body: str, lex: NotesLexicon, common: frozenset[str]) -> Counter[str]:
    """Capitalised words used as names in the body: twice or more, once not first in a line
    or sentence (English capitalises every sentence start)."""
    total: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    for m in re.finditer(rf"{_CAP}{_LOW}+", body):
        word = m.group()
        low = word.lower()
        if low in common or not is_name(word, lex):
            continue
        total[low] += 1
        if not re.search(r"(?:^|[.!?:\n•*-])\s*$", body[max(0, m.start() - 4):m.start()]):
            inner[low] += 1
    return Counter({w: n for w, n in total.items() if n >= 2 and inner[w]})


def _introduced(lines: list[str], lex: NotesLexicon) -> list[Person]:
    """Participants introduced in the first lines of prose notes: "Ole Berg (afdelingsleder)"
    — a name with a role word in the parentheses after it."""
    found = []
    for n, line in enumerate(lines):
        for m in re.finditer(rf"({_NAME.pattern})\s*\(([^()]{{1,60}})\)", line):
            role = _role_of_text(m.group(2), lex)
            names = _names(m.group(1), lex)
            if role is not None and names:
                person = Person(role=role, explicit=True, order=_BODY_ORDER + n * 1000 + m.start())
                _add_name(person, names[-1])
                found.append(person)
    return found


def read_people(notes: str, header: list[str], lex: NotesLexicon,
                common: frozenset[str] = frozenset(), top: list[str] | None = None) -> People:
    """The participants named in the title and key lines, with roles and the writer.

    The writer is the employee when the notes say "min leder" or "my manager", the manager
    when they say "min medarbejder", else whoever a key marks as "me", else the manager (who
    usually writes the referat). When the notes name only one side, the other is the person
    they mention most.

    Args:
        notes: The whole notes (for "my manager" and for guessing a missing participant).
        header: The title line first, then the key lines.
        lex: The notes' lexicon.
        common: Capitalised words that are never names.
        top: The first lines after the header, where prose notes introduce the participants.
    """
    persons: list[Person] = []
    for n, line in enumerate(header):
        if n == 0 and not is_key_line(line, lex):
            # a title may carry a key too: "Review – HJ = Hannah (postdoc), me = PI"
            found = _title_persons(line, lex) + [
                p for seg in _segments(line) + _PARENS.findall(line) if "=" in seg
                and (p := _person_from(seg, lex)) is not None and (p.aliases or p.writer)]
            found += _title_initials(line, notes, found, lex)
        else:
            found = _key_persons(line, lex)
            if _DATED.search(line):  # "Feb 10, 2026": a month or weekday is nobody
                found = [p for p in found if p.writer or not p.name or not all(
                    w.lower().rstrip(".") in common for w in p.name.split())]
            for person in found:
                person.firm = person.role is not None
        for k, person in enumerate(found):  # title: by position; key lines: by segment
            person.order = n * 1000 + (min(person.order, 999) if n == 0 else k)
        persons += found
    if sum(p.explicit for p in _merge(list(persons))) < 2 and top:
        persons += _introduced(top, lex)
    persons = _merge(persons)
    guessed = [p for p in persons if not p.strong and p.role is None and p.name
               and p.order < 1000 and not p.writer]
    if len(guessed) == 2 and not any(p.strong for p in persons):
        for p in guessed:  # "MUS – farmakonom Julie / apoteker Morten": the title's two names
            p.strong = True
    low = notes.lower()
    writer_role: Role | None = None
    if lex.writer_is_employee.search(low):
        writer_role = "employee"
    elif lex.writer_is_manager.search(low):
        writer_role = "manager"
    elif header and lex.writer_owns.search(header[0].lower()) and not any(
            p.writer for p in persons) and (
                any(p.explicit and p.role == "manager" for p in persons)
                or (len([p for p in persons if p.strong]) == 1
                    and not any(p.role for p in persons))):
        # "MUS – my notes (Ravi), manager: Claire"; "notes from my annual review w/ Dana":
        # the one other person named is the reviewer
        writer_role = "employee"
    for p in persons:
        if p.writer and p.role and writer_role is None:
            writer_role = p.role
    role: Role = writer_role or "manager"
    for p in persons:
        if p.writer and p.role is None:
            p.role = role
            p.explicit = writer_role is not None
    _settle_roles([p for p in persons if p.strong], role)
    taken = {p.role for p in persons if p.role}
    alone = [p for p in persons if p.strong and p.role is None and not p.writer and p.name]
    if _other(role) not in taken and len(alone) == 1 and len(
            [p for p in persons if p.strong]) == 1:
        alone[0].role = _other(role)  # "MUS notes - Tendai (senior carer)": the one named
    taken = {p.role for p in persons if p.role}
    if _other(role) not in taken:
        guess = _guess(notes, header, persons, lex, common)
        if guess is not None:
            guess.role = _other(role)
            guess.strong = True
    taken = {p.role for p in persons if p.role}
    missing: list[Role] = [r for r in ("employee", "manager") if r not in taken]
    named = [p for p in persons if not p.strong and p.role is None and p.name and p.order < 1000]
    if len(named) > 1:  # "(holdt på Teams 27/3) – Ida, …": the one the notes use again
        body = "\n".join(notes.splitlines()[1:])
        named = [p for p in named if any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", body,
                                                   re.IGNORECASE) for a in p.aliases)]
    if len(missing) == 1 and len(named) == 1 and not any(p.writer for p in persons):
        # "Ines Costa (EM) / Robert Hale": the one other person the title names has the other
        # role, also when the writer's default role (manager) already names that side
        named[0].role, named[0].strong = missing[0], True
    _settle_roles([p for p in persons if p.strong], role)
    placed = [p for p in persons if p.aliases and p.strong and p.role]
    if {p.role for p in placed} >= {"employee", "manager"} and any(p.explicit for p in placed):
        # both sides are named with their roles: a job title or place the header also holds
        # ("Housing Officer (Tenancy Sustainment)") is nobody present
        persons = [p for p in persons if p.role or p.writer]
    kept = [p for p in persons if p.strong or p.role]
    _weigh_body(notes, kept, lex)
    return People(lex, kept, role)


def _cue_owner(at: int, end: int, spots: list[tuple[int, int, Person]], after: bool
               ) -> Person | None:
    """Whom a cue at [at:end] speaks of: the participant named last before it ("Tom to
    approve"), or with `after` the one named right after it ("Feedback (Tom)")."""
    if after:
        found = [(s, p) for s, e, p in spots if end <= s <= end + 4]
        return min(found, key=lambda sp: sp[0])[1] if found else None
    before = [(e, p) for s, e, p in spots if e <= at]
    return max(before, key=lambda ep: ep[0])[1] if before else None


def _weigh_body(notes: str, persons: list[Person], lex: NotesLexicon) -> None:
    """Swap the two participants' roles when their own lines contradict them: the one the
    title made the employee approves, books and gives feedback ("Tom to approve budget",
    "Feedback (Tom)"), the other feels and wishes ("Kelly: feels rushed"). Two lines of
    evidence at least, so one odd phrase changes nothing."""
    pair = [p for p in persons if p.strong and p.role in ("employee", "manager")]
    if len(pair) != 2 or pair[0].role == pair[1].role or any(p.firm for p in pair):
        return
    cues = commitment(lex.language)
    score = {id(p): 0 for p in pair}
    for line in notes.splitlines()[1:]:
        low = line.lower()
        spots = [(m.start(), m.end(), p) for p in pair for a in p.aliases if len(a) > 1
                 for m in re.finditer(rf"(?<!\w){re.escape(a)}(?!\w)", low)]
        if not spots:
            continue
        seen: set[tuple[int, int]] = set()
        for pattern, sign, after in ((cues.manager_cue, 1, False),
                                     (cues.manager_after, 1, True),
                                     (cues.employee_cue, -1, False)):
            for m in pattern.finditer(low):
                who = _cue_owner(m.start(), m.end(), spots, after)
                if who is not None and (id(who), sign) not in seen:
                    seen.add((id(who), sign))
                    score[id(who)] += sign
    manager = next(p for p in pair if p.role == "manager")
    employee = next(p for p in pair if p.role == "employee")
    if score[id(employee)] - score[id(manager)] >= 2:
        manager.role, employee.role = "employee", "manager"


def _settle_roles(strong: list[Person], writer_role: Role) -> None:
    """Fill in the roles the notes leave open between two participants, in title order.

    One side known, the other not: the other is the opposite. Both the same ("Omar
    (warehouse supervisor) with Helen (site manager)"): the writer keeps the writer's role,
    else the first named is the employee. Neither known: the first named is the employee
    ("MUS Ali (chauffør) / Dorthe (disponent)"), the way titles are written.
    """
    if len(strong) != 2:
        return
    first, second = sorted(strong, key=lambda p: p.order)
    if first.role and second.role and first.role == second.role:
        if second.order >= _BODY_ORDER and first.explicit and second.explicit:
            return  # "Køkkenchef Lars" in the title, "Anja (souschef)" in the text: both lead
        writer = next((p for p in (first, second) if p.writer), None)
        if writer is not None:
            writer.role = writer_role
            (second if writer is first else first).role = _other(writer_role)
        else:
            first.role, second.role = "employee", "manager"
    elif first.role and not second.role:
        second.role = _other(first.role)
    elif second.role and not first.role:
        first.role = _other(second.role)
    elif not first.role and not second.role:
        first.role, second.role = "employee", "manager"


def _guess(notes: str, header: list[str], persons: list[Person], lex: NotesLexicon,
           common: frozenset[str]) -> Person | None:
    """The unplaced person the notes mention most (title guesses and names used in the body)."""
    body = "\n".join(notes.splitlines()[len(header):]) if header else notes
    frequent = _frequent_names(body, lex, common)
    candidates = [p for p in persons if p.role is None and not p.writer]
    known = {a for p in persons for a in p.aliases}
    for word in frequent:
        if word not in known:
            person = Person(strong=False)
            _add_name(person, word.capitalize())
            persons.append(person)
            candidates.append(person)

    def uses(person: Person) -> int:
        first = min(person.aliases, key=len) if person.aliases else ""
        names = [a for a in person.aliases if len(a) > 1]
        return max((len(re.findall(rf"(?<!\w){re.escape(a)}(?!\w)", body, re.IGNORECASE))
                    for a in names), default=0) if first else 0

    ranked = sorted(candidates, key=uses, reverse=True)
    return ranked[0] if ranked and uses(ranked[0]) > 0 else None
