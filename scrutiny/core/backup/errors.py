"""The one error backups, restores and exports raise: its message says what is wrong and
what to do, and nothing has been changed when it is raised."""


class BackupRefused(Exception):
    """The archive, the destination or the target was refused; nothing was changed."""
