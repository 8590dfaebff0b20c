"""Signing in and out. Django's own views, with forms that say plainly when sign-in is
locked after repeated failures (django-axes, policy in `scrutiny.people.lockout`); the
admin's sign-in uses the same lock and says the same."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.urls import path

from scrutiny.people.lockout import lockout_message, normalised_username


class SaysWhenLocked:
    """For a sign-in form: when axes refused the attempt because sign-in is locked (or this
    failure locked it), the error says so instead of "wrong password"."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self.request is None or not getattr(self.request, "axes_locked_out", False):
                raise
            username = normalised_username(self.request, {"username": self.data.get("username")})
            self.request.sign_in_lockout_shown = True
            raise forms.ValidationError(
                lockout_message(self.request, username), code="locked"
            ) from None


class SignInForm(SaysWhenLocked, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }


class AdminSignInForm(SaysWhenLocked, AdminAuthenticationForm):
    pass


def lockout_response(request, original_response=None, credentials=None):
    """Axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): the sign-in page that
    already says so, or else a page of its own; 429 either way."""
    if original_response is not None and getattr(request, "sign_in_lockout_shown", False):
        original_response.status_code = 429
        return original_response
    username = normalised_username(request, credentials)
    context = {"message": lockout_message(request, username)}
    return render(request, "registration/locked.html", context, status=429)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path(
        "logout/",
        auth_views.LogoutView.as_view(template_name="registration/logged_out.html"),
        name="logout",
    ),
]
