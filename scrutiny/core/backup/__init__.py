"""Backups, restores and the whole-record export.

A backup is one archive holding a consistent copy of the database and every stored file,
with a manifest of checksums; a restore puts both back after checking the archive whole
(docs/backup.md). The export writes the whole record as JSON plus its files, for the
council's own systems to read (docs/export.md). Both are commands only, never a URL: they
carry the exempt and confidential record."""
