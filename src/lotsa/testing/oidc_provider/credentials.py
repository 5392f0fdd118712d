"""What Lotsa and the test users know of the test provider."""

from __future__ import annotations

CLIENT_ID = "lotsa"
CLIENT_SECRET = "lotsa-test-secret"  # noqa: S105 - known to the tests on purpose


def password_of(username: str) -> str:
    return f"pw-{username}"
