from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lotsa.core.locks import held_alone
from lotsa.retention.services import RetentionRun, erase_due


class Command(BaseCommand):
    help = (
        "Erase what has passed its retention period: the content of closed cases, the texts of "
        "referrals that never became a case, and the identifying data of people with nothing "
        "left within its time (they become anonymous; the figures reports count stay). With "
        "--dry-run, list what would go and erase nothing. Every run is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; erase nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with held_alone("retention") as alone:
            if not alone:
                self.stdout.write("Another server is running the retention now: nothing done.")
                return
            run = erase_due(today=timezone.localdate(), dry_run=options["dry_run"])
        self._report(run)

    def _report(self, run: RetentionRun) -> None:
        verb = "would be erased" if run.dry_run else "erased"
        # Numbers and code names only: this output ends up in the operator's logs.
        for enrolment in run.cases:
            self.stdout.write(
                f"case {enrolment.pk} ({enrolment.programme_model.upper()}, "
                f"{enrolment.unit.organisation.name}, closed {_iso(enrolment.end_date)}): "
                f"content {verb}"
            )
        for referral in run.referrals:
            self.stdout.write(
                f"referral {referral.pk} (answered {_iso(referral.decided_on)}): texts {verb}"
            )
        for participant in run.participants:
            self.stdout.write(f"participant {participant.code_name}: identifying data {verb}")
        self.stdout.write(
            f"{len(run.cases)} cases, {len(run.referrals)} referrals, "
            f"{len(run.participants)} participants {verb}."
        )


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else "-"
