"""One exception tree for tieline; every message names the fix.

    TielineError
     +-- ConfigError        a setting, option or stage name is wrong
     +-- PipelineError      the stages cannot run in the order given
     +-- InputError         a file or record cannot be read (usually reported, not raised)
     +-- ModelError         the spaCy model is not installed or cannot load
     +-- StoreError         the SQLite store cannot be opened or is too new
"""

from __future__ import annotations


class TielineError(Exception):
    """Base class: ``str(error)`` is one line that says what went wrong and how to fix it."""

    def __init__(self, message: str, fix: str | None = None):
        self.message = message
        self.fix = fix
        super().__init__(f"{message} ({fix})" if fix else message)


class ConfigError(TielineError):
    pass


class PipelineError(TielineError):
    pass


class InputError(TielineError):
    pass


class ModelError(TielineError):
    pass


class StoreError(TielineError):
    pass
