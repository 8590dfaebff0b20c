"""The one error every importer raises for input it will not accept.

Councils bring in years of record from files we did not write. When one is wrong, the
person importing it must be told what is wrong and where, so they can fix the file and
try again; a failed import changes nothing. Every parser therefore turns each problem,
however deep, into ``ImportRefused`` with a place ("line 12", "element
meeting/agendaitems/agendaitem[3]/agendaitemid", "row 7, column 'Target date'") and a
reason written for that person, never a traceback.
"""


class ImportRefused(Exception):
    """The input cannot be imported; ``place`` says where and ``reason`` says why."""

    def __init__(self, place: str, reason: str) -> None:
        self.place = place.strip() or "input"
        self.reason = reason.strip() or "the input could not be read"
        super().__init__(self.place, self.reason)

    def __str__(self) -> str:
        return f"{self.place}: {self.reason}"
