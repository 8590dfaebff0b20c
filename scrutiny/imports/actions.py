"""Find the things officers undertook to do, so they become trackable actions.

Minutes rarely say "ACTION"; they report that someone "would investigate this point",
"agreed to circulate the figures" or "would contact officers within a fortnight". Losing
those on import would lose the matters arising a committee chases at its next meeting, so
three forms are read:

1. An explicit line, "ACTION: circulate the figures (Head of Finance)" or "Action - …":
   the text, with the owner taken from a closing bracket when there is one.
2. By wording: a sentence where a role or councillor "would", "will", "agreed to",
   "undertook to", "offered to" or "promised to" investigate, look into, provide,
   circulate, report back, find out, confirm, share, send, arrange, follow up, check,
   clarify, liaise with, update members or write to something. The owner is the role
   named closest before that verb (in "The Scrutiny Officer explained the Director of ICT
   … would investigate this point" that is the Director of ICT, who will do it, not the
   officer reporting it). When the object is only a pointer ("this point", "this", "the
   issue raised") the text takes the question from the earlier sentence of the same
   paragraph where a member raised, asked or queried it.
3. By structure: an owner who is the subject of an undertaking, with a task that is one
   of the verbs above or states a deadline. The owner is a role ("the Democratic
   Adviser", "the Head of Finance", "the Cabinet Member for Housing"), a councillor
   ("Cllr Smith", "Councillor Jane Smith") or "officers", named right before the
   undertaking: nothing between them but a name or a role in brackets or between commas
   ("Jane Smith, Head of Housing,"), a "who …" clause between commas, an adverb ("also"),
   "had", "has" or "have", or "said (that) she/he/they" after the role. The undertaking
   is "would", "will", "shall", "agreed/undertook/offered/promised/committed to", "is/are
   to", "was/were asked (requested, instructed, tasked) to", or a bare "to" as action
   lists and requests write it ("the Head of Service to provide a written response by 1
   March", "Members asked the Head of Finance to circulate the figures"), followed by the
   verb of the task. A deadline is a phrase ``scrutiny.imports.deadlines`` knows ("within
   a fortnight", "by 1 March", "by the next meeting"); it is kept with the action, and
   its date when it can be worked out from the meeting's date.

Not actions (tests/imports/test_action_phrasings.py has a table of each): what members
or the committee did or will do ("Members noted the report", "The Committee agreed to
defer the item to the next meeting"); what an officer reported of someone or something
else ("The officer explained that the service would continue to monitor…", "the
Director advised that the application would be determined by 1 March"); an ongoing or
conditional state rather than a task (the verb is be, have, continue, welcome, like,
need, hope, wish, expect, or the undertaking is negated: "would not be able to provide
the figures by March"); a task of another verb with no deadline ("the Monitoring Officer
will attend if required", "the Chair invited the Director to introduce the report");
and an undertaking asked about or suggested rather than given (the owner follows
"whether", "if", "suggested that", "hoped that", or the sentence is a question).

Limits: the wording form (2) still takes the last role named before its verb however far
back, so "The Director explained that the contractor would provide a new system" is read
as the Director's; a commitment with no role ("They would…", "He would…" in a sentence of
its own) is missed; one sentence's first undertaking by wording takes the rest of the
sentence as its object. The importer shows actions and their deadlines in the dry run for
a person to check.
"""

import bisect
import datetime
import re

from scrutiny.imports.deadlines import deadline_due_on, find_deadline
from scrutiny.imports.html import tidy_lines
from scrutiny.imports.records import ImportedAction

_EXPLICIT = re.compile(r"^\s*actions?\s*(?::|-|\u2013|\u2014)(?P<rest>.*)$", re.IGNORECASE)
_OWNER = re.compile(r"\((?P<owner>[^()]{2,80})\)$")
_VERBS = (
    r"investigate|look\s+into|provide|circulate|report\s+back|find\s+out|confirm|share|send|"
    r"arrange|follow\s+up|check|clarify|liaise\s+with|update\s+members|write\s+to"
)
_KNOWN_VERB = re.compile(rf"(?i:{_VERBS})\b")
_COMMITMENT = re.compile(
    rf"\b(?=[aopuw])(?:would|will|agreed\s+to|undertook\s+to|offered\s+to|promised\s+to)\s+"
    rf"(?:also\s+|further\s+)?(?P<verb>{_VERBS})\b(?P<object>[^.;]*)",
    re.IGNORECASE,
)
# Each opens with the letter it starts with (``_OWNER_WORD`` looks for those letters).
_ROLE_WORDS = (
    *("Officer", "Director", "Manager", "Executive", "Clerk", "Leader", "Lead", "Holder"),
    *("Advisor", "Adviser", "Chairman", "Chairperson", "Chair", "Vice-Chair", "Mayor"),
    *("Solicitor", "Treasurer", "Secretary", "Accountant", "Auditor", "Engineer", "Planner"),
    *("Commissioner", "Superintendent", "Inspector", "Co-ordinator", "Coordinator"),
    *(r"Cabinet\s+Member", r"Executive\s+Member", r"Lead\s+Member", r"Portfolio\s+Member"),
    r"Head\s+of\s+[A-Z][\w&\u2019']*(?:\s+(?:&|and\s+)?[A-Z][\w&\u2019']*)*",
    *("Officers", r"Chief\s+Executive"),
)
_ROLE_WORD = "|".join(_ROLE_WORDS)
_ROLE = re.compile(
    rf"(?:(?:[A-Z][\w&\u2019'-]*\s+){{0,4}}(?:{_ROLE_WORD})(?![\w-])"
    rf"(?:\s+(?:of|for)\s+[A-Z][\w&\u2019']*(?:\s+(?:&\s+)?[A-Z][\w&\u2019']*)*)?)"
    r"|(?:Councillor|Cllr\.?)\s+[A-Z][\w\u2019'-]*(?:\s+[A-Z][\w\u2019'-]*)?"
    r"|\bofficers\b"
)
# What every role ``_ROLE`` finds holds: a quick test that text names no owner, so holds
# no commitment (most lines of minutes). The lookahead lets the search skip at once every
# character no owner's word starts with, several times quicker than without it.
_OWNER_INITIALS = "".join(sorted({word[0] for word in _ROLE_WORDS} | {"C", "o"}))
_OWNER_WORD = re.compile(
    rf"(?=[{_OWNER_INITIALS}])(?:(?:{_ROLE_WORD})(?![\w-])|Councillor|Cllr|\bofficers\b)"
)
# The word every undertaking (``_COMMITMENT``, ``_UNDERTAKING``) ends with, before a space:
# text without one holds none.
_UNDERTAKING_WORD = re.compile(r"\b(?i:(?=[wst])(?:would|will|shall|to))\s")
_POINTER = re.compile(
    r"^\s*(?:this|that|it|this\s+point|that\s+point|this\s+matter|this\s+issue|the\s+point"
    r"(?:\s+raised)?|the\s+issue(?:\s+raised)?|the\s+matter(?:\s+raised)?|the\s+query|this\s+query)"
    r"\s*(?:further|further\s+with\s+\w+|and\s+report\s+back)?\s*$",
    re.IGNORECASE,
)
_RAISED = re.compile(
    # The lookahead only skips, quickly, the words none of these starts with.
    r"\b(?=[raqseh])(?:raised|asked|queried|questioned|suggested|requested|enquired|highlighted)\s+"
    r"(?:that\s+|whether\s+|if\s+|about\s+|why\s+)?(?P<topic>[^.?]+)",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:The|A|An)\s+")
_WHITESPACE = re.compile(r"\s+")
_SEPARATOR = re.compile(r"[.;]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"'(])")

# The structural form (3): an undertaking and the verb of its task.
_UNDERTAKING = re.compile(
    # The lookahead only skips, quickly, the words no undertaking starts with.
    r"\b(?=[WSAUOPCIHTwsauopciht])(?i:(?P<marker>would|will|shall|(?:agreed|undertook|offered|promised|committed)\s+to"
    r"|(?:is|are)\s+to|(?:was|were|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:asked|requested|instructed|tasked)\s+to|to))"
    r"\s+(?:(?i:also|further|then|now|personally|jointly|urgently|shortly|both)\s+)?"
    r"(?P<verb>[a-z][a-z\u2019'-]*)\b"
)
# Words after an undertaking that make it a state, a condition or no task at all.
_NOT_TASKS = frozenset(
    {"be", "have", "has", "had", "not", "never", "continue", "welcome", "like", "need"}
    | {"hope", "wish", "expect", "prefer", "the", "a", "an", "this", "that", "these", "those"}
    | {"his", "her", "their", "its", "our", "your", "my", "all", "any", "each", "every"}
    | {"some", "no", "members", "residents", "councillors", "officers", "date"}
)
# What may stand between the owner and the undertaking (see the module's docstring).
_GAP = re.compile(
    r"(?:\s*\([^()]{1,80}\))?"
    r"(?:\s*,\s*(?:who\s+[^,.;]{1,100}|[A-Z][\w\u2019'.-]*(?:\s+[A-Z][\w\u2019'.-]*){0,3})\s*,)?"
    r"(?:\s+(?:said|explained|confirmed|advised|stated|agreed|indicated|reported|added|replied|"
    r"responded|undertook|promised|(?:assured|informed)\s+(?:members|the\s+(?:committee|panel|board)))"
    r"(?:\s+that)?\s+(?:she|he|they))?"
    r"(?:\s+(?:also|further|then|now|personally|jointly|both))?"
    r"(?:\s+(?:had|has|have))?\s*"
)
# An owner asked about or wished for rather than undertaking something.
_HEDGE = re.compile(
    r"(?i:\b(?:whether|if|why|how|when|(?:suggested|hoped|felt|thought|believed|wondered|"
    r"proposed|questioned|queried)(?:\s+that)?)\s+(?:the\s+)?)$"
)
# Before the owner of a bare "to": a preposition makes the owner an object ("a letter from
# the Leader to residents"), not the one asked to act.
_OWNER_AS_OBJECT = re.compile(r"(?i:\b(?:of|from|by|with|for|to|about|on|in)\s+(?:the\s+)?)$")
_OWNER_REACH = 200  # how far before an undertaking its owner may start
_TASK_REACH = 300  # how much of the rest of the sentence a task may take


def parse_actions(*, text: str, meeting_date: datetime.date | None = None) -> list[ImportedAction]:
    """Every action in ``text``: explicit ACTION lines first read as written, then
    commitments found in the narrative, in the order they appear. Each keeps the deadline
    it states, with its date when it can be worked out (from ``meeting_date`` when given).

    Each sentence and each stretch of it is read once, however many commitments a
    paragraph holds (a page can be one paragraph of thousands of sentences); the
    structural form reads a bounded stretch around each undertaking."""
    actions: list[ImportedAction] = []
    for paragraph in tidy_lines(text):
        explicit = _EXPLICIT.match(paragraph)
        if explicit:
            actions.append(_explicit(explicit.group("rest"), meeting_date=meeting_date))
            continue
        if not _may_commit(paragraph):
            continue
        raised = _RaisedSoFar(_SENTENCE.split(paragraph))
        several = len(raised.sentences) > 1
        for position, sentence in enumerate(raised.sentences):
            if sentence.rstrip().endswith("?") or (several and not _may_commit(sentence)):
                continue
            roles = _RolesBefore(sentence)
            found: list[tuple[int, ImportedAction]] = []
            taken: list[tuple[int, int]] = []
            for commitment in _COMMITMENT.finditer(sentence):
                owner = roles.owner_before(commitment.start())
                if owner:
                    deadline = find_deadline(commitment.group("object"))
                    action = ImportedAction(
                        text=_action_text(commitment, raised=raised, position=position),
                        owner=owner,
                        deadline=deadline,
                        due_on=deadline_due_on(deadline, meeting_date=meeting_date),
                    )
                    found.append((commitment.start(), action))
                    taken.append(commitment.span())
            found += _by_structure(sentence, taken=taken, meeting_date=meeting_date)
            found.sort(key=lambda start_action: start_action[0])
            actions += [action for _, action in found]
    return actions


def _may_commit(text: str) -> bool:
    """Whether ``text`` names an owner and an undertaking, as every commitment does: a
    quick test that skips most lines of minutes before they are read in full."""
    return _OWNER_WORD.search(text) is not None and _UNDERTAKING_WORD.search(text) is not None


def _by_structure(
    sentence: str, *, taken: list[tuple[int, int]], meeting_date: datetime.date | None
) -> list[tuple[int, ImportedAction]]:
    """The structural form's actions in one sentence, outside the commitments already
    read by their wording (``taken``, in order)."""
    found: list[tuple[int, ImportedAction]] = []
    separators: list[int] | None = None
    next_taken = 0
    for undertaking in _UNDERTAKING.finditer(sentence):
        start = undertaking.start()
        while next_taken < len(taken) and taken[next_taken][1] <= start:
            next_taken += 1
        if next_taken < len(taken) and taken[next_taken][0] <= start:
            continue
        verb = undertaking.group("verb").lower()
        if verb in _NOT_TASKS:
            continue
        if separators is None:
            separators = [match.start() for match in _SEPARATOR.finditer(sentence)]
        after = bisect.bisect_left(separators, undertaking.end())
        task_end = separators[after] if after < len(separators) else len(sentence)
        task = sentence[
            undertaking.start("verb") : min(task_end, undertaking.start("verb") + _TASK_REACH)
        ]
        deadline = find_deadline(task)
        if not deadline and not _KNOWN_VERB.match(task):
            continue
        before = bisect.bisect_left(separators, start)
        stretch_start = separators[before - 1] + 1 if before else 0
        owner = _subject(sentence, start, stretch_start, bare=undertaking.group("marker") == "to")
        if owner:
            task = _WHITESPACE.sub(" ", task).strip(" ,")
            action = ImportedAction(
                text=_sentence_case(task),
                owner=owner,
                deadline=deadline,
                due_on=deadline_due_on(deadline, meeting_date=meeting_date),
            )
            found.append((start, action))
    return found


def _subject(sentence: str, position: int, stretch_start: int, *, bare: bool) -> str:
    """The owner who is the subject of the undertaking at ``position``, or ""."""
    window_start = max(stretch_start, position - _OWNER_REACH)
    for role in reversed(list(_ROLE.finditer(sentence, window_start, position))):
        if not _GAP.fullmatch(sentence, role.end(), position):
            continue
        if _hedged(sentence, role.start()):
            return ""
        if bare and _OWNER_AS_OBJECT.search(sentence, max(0, role.start() - 20), role.start()):
            return ""
        return _owner_name(role)
    return ""


def _hedged(sentence: str, role_start: int) -> bool:
    """Whether the role at ``role_start`` is asked about or wished for ("whether officers
    would…", "suggested that the Director would…") rather than undertaking anything."""
    return _HEDGE.search(sentence, max(0, role_start - 30), role_start) is not None


def _owner_name(role: re.Match[str]) -> str:
    owner = _ARTICLE.sub("", role.group(0).strip())
    return "Officers" if owner.lower() == "officers" else owner


def _explicit(rest: str, *, meeting_date: datetime.date | None = None) -> ImportedAction:
    """ "ACTION: <text> (<owner>)"; read without a regex over the text to stay linear."""
    rest = rest.strip().rstrip(".").strip()
    deadline = find_deadline(rest)
    due_on = deadline_due_on(deadline, meeting_date=meeting_date)
    owner = _OWNER.search(rest)
    if owner and rest[: owner.start()].strip():
        return ImportedAction(
            text=_sentence_case(rest[: owner.start()].strip().rstrip(" .")),
            owner=owner.group("owner").strip(),
            deadline=deadline,
            due_on=due_on,
        )
    return ImportedAction(text=_sentence_case(rest), owner="", deadline=deadline, due_on=due_on)


class _RolesBefore:
    """The role named last before each commitment of one sentence, reading the sentence
    once. A role never spans a "." or ";" (nor could a sentence hold "Cllr." before a
    name: the sentence would end there), and a commitment's object runs to the next one,
    so the roles up to the last separator before a commitment are read once and kept, and
    only the stretch from that separator to the commitment is read for each: the same
    roles as reading everything before it every time."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self.separators: list[int] | None = None  # found when first asked: most sentences never are
        self.read_to = 0  # always just after a separator, or the start
        self.last_read: re.Match[str] | None = None

    def owner_before(self, position: int) -> str:
        """The role named last before ``position``, without a leading "the"."""
        if self.separators is None:
            self.separators = [match.start() for match in _SEPARATOR.finditer(self.sentence)]
        stretch = bisect.bisect_left(self.separators, position)
        stretch_start = self.separators[stretch - 1] + 1 if stretch else 0
        if stretch_start > self.read_to:
            for role in _ROLE.finditer(self.sentence, self.read_to, stretch_start):
                self.last_read = role
            self.read_to = stretch_start
        last = self.last_read
        for role in _ROLE.finditer(self.sentence, stretch_start, position):
            last = role
        if last is None or _hedged(self.sentence, last.start()):
            return ""
        return _owner_name(last)


class _RaisedSoFar:
    """The question raised last before each sentence of a paragraph, reading each
    sentence at most once: a pointer ("this point") takes it."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences
        self.read_to = 0
        self.last: re.Match[str] | None = None

    def at(self, position: int) -> re.Match[str] | None:
        """The last question raised in the sentences before ``position``."""
        while self.read_to < position:
            self.last = _RAISED.search(self.sentences[self.read_to]) or self.last
            self.read_to += 1
        return self.last


def _action_text(commitment: re.Match[str], *, raised: _RaisedSoFar, position: int) -> str:
    """The verb and its object; a pointer object is replaced by the question it points at."""
    verb = _WHITESPACE.sub(" ", commitment.group("verb")).lower()
    obj = _WHITESPACE.sub(" ", commitment.group("object")).strip(" ,")
    if _POINTER.match(obj) or not obj:
        question = raised.at(position)
        if question is not None:
            return _sentence_case(f"{verb} the point raised: {question.group('topic').strip()}")
    return _sentence_case(f"{verb} {obj}".strip())


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
