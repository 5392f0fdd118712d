"""Health probes for the operator's monitoring, load balancer or container platform.

``/healthz`` says the process answers; ``/readyz`` says it can serve: the database is reachable,
every migration is applied, and the audit trail's head is readable (every audited write needs
it). Both are answered here, before sessions, sign-in, languages and the audit context: a probe
has no account, the answers hold nothing about any person, and a probe every few seconds would
bury the audit trail under entries that say nothing (so none is written). They never read the
Host header, so a platform may probe a server by its own address (see docs/deployment.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

from lotsa.audit.models import AuditChainHead, AuditEntry

logger = logging.getLogger(__name__)

OK = "ok"


def database_reachable() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return OK


def migrations_applied() -> str:
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return OK if not unapplied else f"{len(unapplied)} unapplied"


def audit_head_readable() -> str:
    """The head and the entry it names agree. Entries are only ever appended, so the entry a
    head once named is there however far the head has moved on since it was read."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.last_sequence == 0:
        return OK  # a new installation: the first audited write creates the head
    last_hash = (
        AuditEntry.objects.filter(sequence=head.last_sequence)
        .values_list("entry_hash", flat=True)
        .first()
    )
    return OK if last_hash == head.last_hash else "head does not match the last entry"


READINESS_CHECKS: dict[str, Callable[[], str]] = {
    "database": database_reachable,
    "migrations": migrations_applied,
    "audit": audit_head_readable,
}


def readiness() -> dict[str, str]:
    """Each check's outcome: ``ok`` or a short reason. Database errors are logged for the
    operator but not answered, as their text may name hosts and users."""
    outcomes = {}
    for name, check in READINESS_CHECKS.items():
        try:
            outcomes[name] = check()
        except DatabaseError:
            logger.exception("Readiness check %s failed", name)
            outcomes[name] = "unavailable"
    return outcomes


def _answer(body: dict[str, object], status: int = 200) -> HttpResponse:
    response = JsonResponse(body, status=status)
    patch_cache_control(response, no_store=True)
    return response


def healthz() -> HttpResponse:
    return _answer({"status": OK})


def readyz() -> HttpResponse:
    checks = readiness()
    failing = [name for name, outcome in checks.items() if outcome != OK]
    if failing:
        return _answer({"status": "unavailable", "failing": failing, "checks": checks}, 503)
    return _answer({"status": OK, "checks": checks})


PROBES: dict[str, Callable[[], HttpResponse]] = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    """Answers the probes before anything that reads the Host header, a session or a user.

    Answering any host is safe here: the answers neither contain the host nor link anywhere,
    and no cache keeps them. The redirect to HTTPS exempts them in settings
    (``SECURE_REDIRECT_EXEMPT``), as probes talk plain HTTP to the server's own port."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return probe()
