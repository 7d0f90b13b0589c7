"""Named errors whose messages tell the user the fix.

Shells (CLI, UI) turn these into a one-line message; nothing else should reach a user.
"""


class AssistantError(Exception):
    """Base class: the message is meant for the user, as is."""


class ConfigError(AssistantError):
    pass


class StoreLockedError(AssistantError):
    pass


class StoreUnavailableError(AssistantError):
    """The Chroma server cannot be reached (or went away)."""


class StoreCorruptError(AssistantError):
    pass


class StorePermissionError(AssistantError):
    """The store's files cannot be read or written by this user (a permission problem, not corruption)."""


class ModelMismatchError(AssistantError):
    pass


class EmptyStoreError(AssistantError):
    pass


class BadQuestionError(AssistantError):
    pass


class LLMUnavailableError(AssistantError):
    pass


class NotFoundError(AssistantError):
    pass
