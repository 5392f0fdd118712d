from __future__ import annotations

from allauth.mfa.webauthn.forms import SignupWebAuthnForm
from allauth.mfa.webauthn.internal import flows as webauthn_flows
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from lotsa import access
from lotsa.access import Action
from lotsa.accounts import sign_in_method
from lotsa.accounts.types import AuthenticatedHttpRequest
from lotsa.core.forms import add_domain_errors
from lotsa.core.net import client_ip
from lotsa.errors import NON_FIELD, DomainError
from lotsa.participant_space import invitations
from lotsa.participant_space.boundary import participant_required
from lotsa.participant_space.forms import InvitationCodeForm
from lotsa.participant_space.invitations import too_many_refusals
from lotsa.participant_space.reading import choose_easy_read


@participant_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "participant_space/home.html", {})


@require_POST
@participant_required
def reading(request: HttpRequest) -> HttpResponse:
    """Switch between the usual text and easy-read, and come back to the same page."""
    choose_easy_read(request, request.POST.get("easy") == "1")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/me/"):
        target = "/me/"
    return redirect(target)


# ------------------------------------------------------------------ invitations
# A participant without an eID to match sets up their sign-in with a code from staff.

INVITATION_SESSION_KEY = "lotsa_invitation_passkey"


@login_required
@require_POST
def invitation_create(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    """Staff make a code for the participant and see it once, to hand it over in person."""
    participant = access.get_participant_for(
        request.user, participant_id, Action.CHANGE_PARTICIPANT
    )
    try:
        issued = invitations.create_invitation(actor=request.user, participant=participant)
    except DomainError as error:
        messages.error(request, " ".join(error.errors[NON_FIELD]))
        return redirect("people:detail", participant.pk)
    return render(
        request,
        "participant_space/invitation_created.html",
        {"participant": participant, "issued": issued},
    )


@require_http_methods(["GET", "POST"])
def invitation_redeem(request: HttpRequest) -> HttpResponse:
    """The open page where the participant enters their code."""
    if request.user.is_authenticated:
        if getattr(request.user, "is_participant", False):
            return redirect("me:home")
        raise Http404
    form = InvitationCodeForm(request.POST or None)
    if too_many_refusals(client_ip(request), now=timezone.now()):
        form = InvitationCodeForm()
        context = {"form": form, "locked": True, "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES}
        return render(request, "participant_space/invitation.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            account = invitations.redeem_invitation(code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[sign_in_method.SESSION_KEY] = sign_in_method.INVITATION
            request.session[INVITATION_SESSION_KEY] = account.user.pk
            return redirect("me:invitation-passkey")
    status = 400 if form.errors else 200
    return render(request, "participant_space/invitation.html", {"form": form}, status=status)


@participant_required
@require_http_methods(["GET", "POST"])
def invitation_passkey(request: HttpRequest) -> HttpResponse:
    """Right after the code: the passkey the participant signs in with from now on. The code
    they just entered stands for allauth's usual "sign in again" before adding one, which a
    person without a password could not do."""
    user = request.user
    if request.session.get(INVITATION_SESSION_KEY) != user.pk:
        return redirect("mfa_index")
    form = SignupWebAuthnForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        webauthn_flows.signup_authenticator(
            request,
            user,
            name=form.cleaned_data["name"],
            credential=form.cleaned_data["credential"],
        )
        del request.session[INVITATION_SESSION_KEY]
        return redirect("me:home")
    creation_options = webauthn_flows.begin_registration(request, user, True, signup=True)
    context = {"form": form, "js_data": {"creation_options": creation_options}}
    status = 400 if form.errors else 200
    return render(request, "participant_space/invitation_passkey.html", context, status=status)
