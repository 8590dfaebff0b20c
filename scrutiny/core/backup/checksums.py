"""SHA-256 checksums of files read in chunks, so a large file is never held in memory."""

import hashlib
from dataclasses import dataclass
from typing import IO

CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Checksum:
    sha256: str
    size: int

    def as_json(self) -> dict:
        return {"sha256": self.sha256, "size": self.size}


def checksum_of(source: IO[bytes], copy_to: IO[bytes] | None = None) -> Checksum:
    """The checksum of `source` read to its end, copying it to `copy_to` on the way."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return Checksum(digest.hexdigest(), size)


class ChecksummingReader:
    """Reads through to `source`, keeping the checksum of everything read (so a file can be
    streamed into an archive and checksummed in the same pass)."""

    def __init__(self, source: IO[bytes]):
        self._source = source
        self._digest = hashlib.sha256()
        self._size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._source.read(size)
        self._digest.update(chunk)
        self._size += len(chunk)
        return chunk

    @property
    def checksum(self) -> Checksum:
        return Checksum(self._digest.hexdigest(), self._size)
