"""Find the things officers undertook to do, so they become trackable actions.

Minutes rarely say "ACTION"; they report that someone "would investigate this point" or
"agreed to circulate the figures". Losing those on import would lose the matters arising
a committee chases at its next meeting, so two forms are read:

1. An explicit line, "ACTION: circulate the figures (Head of Finance)" or "Action - …":
   the text, with the owner taken from a closing bracket when there is one.
2. A sentence where a role or councillor "would", "will", "agreed to", "undertook to",
   "offered to" or "promised to" investigate, look into, provide, circulate, report
   back, find out, confirm, share, send, arrange, follow up, check or clarify something.
   The owner is the role named closest before that verb (in "The Scrutiny Officer
   explained the Director of ICT … would investigate this point" that is the Director of
   ICT, who will do it, not the officer reporting it). When the object is only a pointer
   ("this point", "this", "the issue raised") the text takes the question from the
   earlier sentence of the same paragraph where a member raised, asked or queried it.

Limits: a commitment with no role before the verb ("It was agreed that officers would…"
is read, "Officers would…" is read, "They would…" is not), and anything not phrased with
those verbs, is missed; the importer shows actions in the dry run for a person to check.
"""

import bisect
import re

from scrutiny.imports.records import ImportedAction

_EXPLICIT = re.compile(r"^\s*actions?\s*(?::|-|\u2013|\u2014)(?P<rest>.*)$", re.IGNORECASE)
_OWNER = re.compile(r"\((?P<owner>[^()]{2,80})\)$")
_VERBS = (
    r"investigate|look\s+into|provide|circulate|report\s+back|find\s+out|confirm|share|send|"
    r"arrange|follow\s+up|check|clarify|liaise\s+with|update\s+members|write\s+to"
)
_COMMITMENT = re.compile(
    rf"\b(?=[aopuw])(?:would|will|agreed\s+to|undertook\s+to|offered\s+to|promised\s+to)\s+"
    rf"(?:also\s+|further\s+)?(?P<verb>{_VERBS})\b(?P<object>[^.;]*)",
    re.IGNORECASE,
)
_ROLE_WORD = (
    r"Officer|Director|Manager|Executive|Clerk|Leader|Lead|Holder|Advisor|Adviser|Chair|"
    r"Vice-Chair|Head\s+of\s+[A-Z][\w&\u2019']*(?:\s+(?:&|and\s+)?[A-Z][\w&\u2019']*)*|Officers|Chief\s+Executive"
)
_ROLE = re.compile(
    rf"(?:(?:[A-Z][\w&\u2019'-]*\s+){{0,4}}(?:{_ROLE_WORD})"
    rf"(?:\s+(?:of|for)\s+[A-Z][\w&\u2019']*(?:\s+(?:&\s+)?[A-Z][\w&\u2019']*)*)?)"
    r"|(?:Councillor|Cllr\.?)\s+[A-Z][\w\u2019'-]*(?:\s+[A-Z][\w\u2019'-]*)?"
    r"|\bofficers\b"
)
_POINTER = re.compile(
    r"^\s*(?:this|that|it|this\s+point|that\s+point|this\s+matter|this\s+issue|the\s+point"
    r"(?:\s+raised)?|the\s+issue(?:\s+raised)?|the\s+matter(?:\s+raised)?|the\s+query|this\s+query)"
    r"\s*(?:further|further\s+with\s+\w+|and\s+report\s+back)?\s*$",
    re.IGNORECASE,
)
_RAISED = re.compile(
    r"\b(?:raised|asked|queried|questioned|suggested|requested|enquired|highlighted)\s+"
    r"(?:that\s+|whether\s+|if\s+|about\s+|why\s+)?(?P<topic>[^.?]+)",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:The|A|An)\s+")
_WHITESPACE = re.compile(r"\s+")
_SEPARATOR = re.compile(r"[.;]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")


def parse_actions(*, text: str) -> list[ImportedAction]:
    """Every action in ``text``: explicit ACTION lines first read as written, then
    commitments found in the narrative, in the order they appear.

    Each sentence and each stretch of it is read once, however many commitments a
    paragraph holds (a page can be one paragraph of thousands of sentences)."""
    actions: list[ImportedAction] = []
    for paragraph in (" ".join(line.split()) for line in text.splitlines()):
        explicit = _EXPLICIT.match(paragraph)
        if explicit:
            actions.append(_explicit(explicit.group("rest")))
            continue
        raised = _RaisedSoFar(_SENTENCE.split(paragraph))
        for position, sentence in enumerate(raised.sentences):
            roles = _RolesBefore(sentence)
            for commitment in _COMMITMENT.finditer(sentence):
                owner = roles.owner_before(commitment.start())
                if owner:
                    actions.append(
                        ImportedAction(
                            text=_action_text(commitment, raised=raised, position=position),
                            owner=owner,
                        )
                    )
    return actions


def _explicit(rest: str) -> ImportedAction:
    """ "ACTION: <text> (<owner>)"; read without a regex over the text to stay linear."""
    rest = rest.strip().rstrip(".").strip()
    owner = _OWNER.search(rest)
    if owner and rest[: owner.start()].strip():
        return ImportedAction(
            text=_sentence_case(rest[: owner.start()].strip().rstrip(" .")),
            owner=owner.group("owner").strip(),
        )
    return ImportedAction(text=_sentence_case(rest), owner="")


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
        if last is None:
            return ""
        owner = _ARTICLE.sub("", last.group(0).strip())
        return "Officers" if owner.lower() == "officers" else owner


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
