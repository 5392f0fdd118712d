"""The address of the request being served, for audit entries written deep in services."""

from __future__ import annotations

from contextvars import ContextVar

client_address: ContextVar[str | None] = ContextVar("client_address", default=None)
