from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation

from lotsa.accounts.models import User
from lotsa.casework.queries import caseload_for
from lotsa.core.locks import held_alone
from lotsa.organisations.models import Membership
from lotsa.pathways.definitions.registry import programme_name


class Command(BaseCommand):
    help = (
        "List each staff member's due and overdue deadlines; with --email, send their list to each "
        "by e-mail (Django's mail settings). The e-mail names no participant, only numbers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--email", action="store_true", help="E-mail each staff member their list."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with held_alone("reminders") as alone:
            if not alone:
                self.stdout.write("Another server is sending the reminders now: nothing done.")
                return
            self._remind(email=options["email"])

    def _remind(self, *, email: bool) -> None:
        today = timezone.localdate()
        staff_ids = (
            Membership.objects.active_on(today)
            .filter(role__in=("coach", "supervisor"))
            .values("user_id")
        )
        with translation.override(settings.LANGUAGE_CODE):
            for staff in User.objects.filter(pk__in=staff_ids, is_active=True).order_by("username"):
                lines = [
                    f"  {deadline.state:<8} {deadline.due_on}  {deadline.name}  "
                    f"(case {row.enrolment.pk}, {programme_name(row.enrolment.programme_model)})"
                    for row in caseload_for(staff, today=today)
                    for deadline in row.deadlines
                    if deadline.state in ("overdue", "due") and not deadline.is_team_leaders
                ]
                if not lines:
                    continue
                self.stdout.write(f"{staff.username}: {len(lines)}")
                self.stdout.write("\n".join(lines))
                if email and staff.email and staff.daily_reminder_email:
                    # Case numbers only: e-mail leaves the protected system, names must not.
                    send_mail(
                        subject=f"Lotsa: {len(lines)}",
                        message="\n".join(lines),
                        from_email=None,
                        recipient_list=[staff.email],
                    )
