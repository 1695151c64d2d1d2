"""Administrators' pages for people who sign in: invite a user, and give each a role and
the bodies they read as a member or serve as an officer. The roles are
``governance.access``'s groups; the invitation is Django's password-reset mail, so the
invited person chooses the password."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from scrutineer.governance import access
from scrutineer.governance.models import Body, in_council

from .forms import GovukMixin

ROLES = {
    access.MEMBER: "Member: reads the restricted records of the bodies chosen below",
    access.OFFICER: "Officer: also edits the records of the bodies chosen below",
    access.ADMIN: "Administrator: edits everything and manages users",
}


class RoleForm(GovukMixin, forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=list(ROLES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    reads = forms.ModelMultipleChoiceField(
        label="Member of",
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The bodies whose restricted records a member reads (none: public records only)",
    )
    bodies = forms.ModelMultipleChoiceField(
        label="Officer of",
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The bodies whose records an officer edits and reads",
    )

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("reads", "bodies"):
            self.fields[name].queryset = bodies if bodies is not None else Body.objects.all()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == access.OFFICER and not cleaned.get("bodies"):
            self.add_error("bodies", "Choose the bodies this officer serves")
        return cleaned


class InviteForm(RoleForm):
    username = forms.CharField(label="User name", max_length=150)
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(label="Email address", help_text="The invitation is sent here")
    field_order = ["username", "first_name", "last_name", "email", "role", "reads", "bodies"]

    def clean_username(self):
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError("That user name is taken")
        return name


def _administrator(request) -> None:
    if not access.is_admin(request.user):
        raise PermissionDenied("Only administrators manage users.")


def _bodies(request):
    return (
        in_council(Body.objects.order_by("name"), request.council)
        if request.council
        else (Body.objects.order_by("name"))
    )


def _assign(user, role: str, bodies, reads=()) -> None:
    """One role, and the bodies a member reads or an officer serves: the user's groups,
    reader seats and officer seats (the seats of the other role are given up)."""
    user.groups.remove(*Group.objects.filter(name__in=access.ROLE_GROUPS))
    user.groups.add(Group.objects.get(name=role))
    for seats, chosen, wanted_role in (
        ("officers", bodies, access.OFFICER),
        ("readers", reads, access.MEMBER),
    ):
        kept = [b.pk for b in chosen] if role == wanted_role else []
        for body in Body.objects.filter(**{seats: user}).exclude(pk__in=kept):
            getattr(body, seats).remove(user)
        for body in chosen if role == wanted_role else ():
            getattr(body, seats).add(user)


@login_required
def users(request):
    _administrator(request)
    people = (
        get_user_model()
        .objects.order_by("username")
        .prefetch_related("groups", "reading_bodies", "bodies_served")
    )
    rows = [
        (
            user,
            [g.name for g in user.groups.all()],
            user.reading_bodies.all(),
            user.bodies_served.all(),
        )
        for user in people
    ]
    return render(request, "web/users.html", {"rows": rows})


@login_required
def invite(request):
    _administrator(request)
    form = InviteForm(request.POST or None, bodies=_bodies(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                data["username"],
                email=data["email"],
                password=secrets.token_urlsafe(32),  # replaced by the one they choose
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
            _assign(user, data["role"], data["bodies"], data["reads"])
        mail = PasswordResetForm({"email": data["email"]})
        mail.is_valid()
        mail.save(
            request=request,
            subject_template_name="web/invitation_subject.txt",
            email_template_name="web/invitation_email.txt",
            use_https=request.is_secure(),
        )
        messages.success(
            request, f"{user.get_full_name()} is invited: a link was sent to {user.email}."
        )
        return redirect("users")
    return render(request, "web/user_form.html", {"form": form, "heading": "Invite a user"})


@login_required
def user_roles(request, pk: int):
    _administrator(request)
    user = get_object_or_404(get_user_model(), pk=pk)
    current = next((g for g in access.ROLE_GROUPS if user.groups.filter(name=g).exists()), None)
    initial = {
        "role": current,
        "bodies": Body.objects.filter(officers=user),
        "reads": Body.objects.filter(readers=user),
    }
    form = RoleForm(request.POST or None, bodies=_bodies(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            data = form.cleaned_data
            _assign(user, data["role"], data["bodies"], data["reads"])
        messages.success(request, f"The role of {user.get_username()} is saved.")
        return redirect("users")
    heading = f"Role of {user.get_full_name() or user.get_username()}"
    return render(request, "web/user_form.html", {"form": form, "heading": heading})
