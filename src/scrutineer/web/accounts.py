"""Signing in and out, changing and resetting a password: Django's own views, on pages in
the GOV.UK pattern. Members and officers sign in here without staff status; the admin is
for administrators. Repeated failed sign-ins are locked out by django-axes (settings)."""

from __future__ import annotations

from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

FORM = "web/account_form.html"
DONE = "web/account_done.html"


def _page(view, template: str, **context):
    return view.as_view(template_name=template, extra_context=context)


urlpatterns = [
    path(
        "sign-in/",
        auth.LoginView.as_view(
            template_name=FORM,
            redirect_authenticated_user=True,
            extra_context={
                "heading": "Sign in",
                "button": "Sign in",
                "intro": "Members and officers of the boards sign in with the user name and "
                "password they were given.",
                "reset_link": True,
            },
        ),
        name="sign-in",
    ),
    path("sign-out/", auth.LogoutView.as_view(), name="sign-out"),
    path(
        "password/change/",
        _page(
            auth.PasswordChangeView,
            FORM,
            heading="Change your password",
            button="Change password",
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        _page(
            auth.PasswordChangeDoneView,
            DONE,
            heading="Your password has been changed",
            message="Use your new password the next time you sign in.",
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth.PasswordResetView.as_view(
            template_name=FORM,
            email_template_name="web/password_reset_email.txt",
            subject_template_name="web/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
            extra_context={
                "heading": "Reset your password",
                "button": "Send the reset link",
                "intro": "Enter the email address of your account. If it is one we know, we "
                "will send a link to choose a new password.",
            },
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        _page(
            auth.PasswordResetDoneView,
            DONE,
            heading="Check your email",
            message="If the address is one we know, a link to choose a new password is on its "
            "way. The link works once, for a few days.",
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _page(
            auth.PasswordResetConfirmView,
            FORM,
            heading="Choose a new password",
            button="Save the new password",
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        _page(
            auth.PasswordResetCompleteView,
            DONE,
            heading="Your password has been reset",
            message="You can now sign in with your new password.",
            sign_in_link=True,
        ),
        name="password_reset_complete",
    ),
]
