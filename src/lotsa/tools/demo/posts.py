"""The posts of the demo's staff: the unit's own title for each membership (Swedish in the
Swedish units, Danish in the Danish one), and the function where the unit's work goes by it
(the tasks of a JOM course; a work-training unit's work supervisors). The gender statistics
of a work-training unit count its staff by these titles."""

from __future__ import annotations

from dataclasses import dataclass

from lotsa.organisations.models import Organisation, StaffFunction


@dataclass(frozen=True)
class Post:
    title: str
    function: str = ""


# A unit's coaches in the order they join, by the programme model the unit runs; a coach
# beyond the list takes the posts again from the first. The JOM unit's first caseworker, its
# company consultant and second caseworker are the people the course's tasks go to.
COACH_POSTS: dict[str, tuple[Post, ...]] = {
    "ips": (Post("Arbetsspecialist"),),
    "amia": (Post("Handläggare"),),
    "knut_pv": (
        Post("Arbetshandledare", StaffFunction.WORK_SUPERVISOR),
        Post("Arbetshandledare", StaffFunction.WORK_SUPERVISOR),
        Post("Arbetskonsulent"),
    ),
    "jom": (
        Post("Sagsbehandler", StaffFunction.CASEWORKER),
        Post("Virksomhedskonsulent", StaffFunction.COMPANY_CONSULTANT),
        Post("Sagsbehandler", StaffFunction.CASEWORKER),
    ),
}
# In a joint team an agency's caseworker keeps the agency's own title.
AGENCY_POSTS: dict[str, Post] = {
    Organisation.Kind.FORSAKRINGSKASSAN: Post("Handläggare"),
    Organisation.Kind.ARBETSFORMEDLINGEN: Post("Arbetsförmedlare"),
}
# The team leader of a unit, by the programme model it runs.
LEADER_POSTS: dict[str, Post] = {
    "ips": Post("Teamledare"),
    "amia": Post("Teamledare"),
    "knut_pv": Post("Enhetschef"),
    "jom": Post("Projektleder", StaffFunction.PROJECT_LEADER),
}
TEACHER = Post("Underviser", StaffFunction.TEACHER_PSYCHOLOGIST)
MUNICIPAL_MANAGER = Post("Verksamhetschef")
AGENCY_MANAGER = Post("Sektionschef")
PERSONAL_CASEWORKER = Post("Personlig handläggare")
SURVEY_COORDINATOR = Post("Samordnare")
FIDELITY_REVIEWER = Post("Kvalitetsgranskare")
ANALYST = Post("Analytiker")
ADMINISTRATOR = Post("Systemförvaltare")
RECORDS_OFFICER = Post("Registrator")


def coach_post(model: str, employer: Organisation, index: int) -> Post:
    """The post of a unit's coach, the index-th to join it."""
    if employer.kind in AGENCY_POSTS:
        return AGENCY_POSTS[employer.kind]
    posts = COACH_POSTS[model]
    return posts[index % len(posts)]
