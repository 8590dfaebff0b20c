"""The manifest of a backup archive (`manifest.json`, its last member): when and from what
it was made, the database it holds, and the checksum of every other member. A restore
trusts nothing in the archive that the manifest does not list with the same checksum."""

import json
from dataclasses import dataclass, field

from scrutiny.core.backup.checksums import Checksum
from scrutiny.core.backup.errors import BackupRefused

FORMAT = "scrutiny-tracker-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_FOLDER = "database/"
FILES_FOLDER = "files/"


@dataclass
class Manifest:
    created_at: str  # ISO 8601, UTC
    app_version: str
    vendor: str  # "postgresql" or "sqlite"
    database_member: str
    database_format: str
    migrations: list[str]  # "app.migration", as applied in the database backed up
    members: dict[str, Checksum] = field(default_factory=dict)  # every member but this one
    missing_files: list[str] = field(default_factory=list)  # referenced, not in storage

    @property
    def stored_files(self) -> dict[str, Checksum]:
        """Storage name -> checksum of every stored file in the archive."""
        return {
            name.removeprefix(FILES_FOLDER): checksum
            for name, checksum in self.members.items()
            if name.startswith(FILES_FOLDER)
        }

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": self.created_at,
                "app_version": self.app_version,
                "database": {
                    "vendor": self.vendor,
                    "member": self.database_member,
                    "format": self.database_format,
                },
                "migrations": self.migrations,
                "members": {
                    name: checksum.as_json() for name, checksum in sorted(self.members.items())
                },
                "missing_files": self.missing_files,
            },
            indent=2,
        ).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        try:
            raw = json.loads(data)
        except ValueError:
            raise BackupRefused("The archive's manifest is damaged (it is not JSON).") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise BackupRefused("This is not a Scrutiny Tracker backup (its manifest says not).")
        if raw.get("format_version") != FORMAT_VERSION:
            raise BackupRefused(
                f"This backup is in format version {raw.get('format_version')}; this version "
                f"of Scrutiny Tracker reads version {FORMAT_VERSION}."
            )
        try:
            database = raw["database"]
            return cls(
                created_at=str(raw["created_at"]),
                app_version=str(raw["app_version"]),
                vendor=str(database["vendor"]),
                database_member=str(database["member"]),
                database_format=str(database["format"]),
                migrations=[str(name) for name in raw["migrations"]],
                members={
                    str(name): Checksum(str(entry["sha256"]), int(entry["size"]))
                    for name, entry in raw["members"].items()
                },
                missing_files=[str(name) for name in raw["missing_files"]],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BackupRefused(f"The archive's manifest is damaged ({error!r}).") from None
