"""Demo sign-ins for participants: one person in IPS, one in AMiA and one in JOM, each with an
ongoing case and a responsible member of staff, signing in with the demo's shared password (a
real participant signs in with eID or an invitation). The IPS participant has written to their
coach."""

from __future__ import annotations

from django.urls import reverse

from lotsa.accounts.models import User
from lotsa.participant_space.services import open_demo_account, send_message
from lotsa.pathways.models import Enrolment, EnrolmentStatus
from lotsa.people.models import Participant
from lotsa.tools.demo.logins import PROGRAMME_NAMES, DemoLogin

DEMO_MESSAGE = "Hej! Jag har fått en kallelse till intervju på tisdag. Kan vi ses innan dess?"
PARTICIPANT_LOGINS = {
    "ips": "participant.ips",
    "amia": "participant.amia",
    "jom": "participant.jom",
}


def open_participant_logins(admin: User, password_hash: str) -> list[DemoLogin]:
    logins = []
    for model, username in PARTICIPANT_LOGINS.items():
        enrolment = (
            Enrolment.objects.filter(
                programme_model=model,
                status=EnrolmentStatus.ACTIVE,
                responsible_staff__isnull=False,
                participant__is_anonymous=False,
                participant__accounts__isnull=True,
            )
            .select_related("participant", "unit")
            .order_by("pk")
            .first()
        )
        if enrolment is None:
            continue
        person = enrolment.participant
        # One person registered by several organisations has a record in each: all are theirs.
        records = list(
            Participant.objects.filter(
                identity_country=person.identity_country, identity_number=person.identity_number
            ).order_by("pk")
        )
        account = open_demo_account(
            actor=admin, username=username, password_hash=password_hash, participants=records
        )
        if model == "ips":
            # Something for the coach's Today page: a message not yet read.
            send_message(
                actor=account.user,
                enrolment=enrolment,
                text=DEMO_MESSAGE,
                link=lambda message: reverse("messages:message", args=[message.pk]),
            )
        logins.append(
            DemoLogin(username, f"{PROGRAMME_NAMES[model]} participant", enrolment.unit.name)
        )
    return logins
