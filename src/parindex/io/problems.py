"""Where a problem in a file is, and what it is: shared by every reader in `io`."""

from dataclasses import dataclass

from parindex.core.messages import Message


@dataclass(frozen=True)
class Place:
    """Where a problem is: the file, and as precisely as known the sheet, row and column
    (workbooks) or the line and the node (framework files)."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    node: str | None = None  # a framework node's code


@dataclass(frozen=True)
class Problem:
    place: Place
    message: Message


class FileRefused(Exception):
    """A file was refused as a whole; `problems` says every reason found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
