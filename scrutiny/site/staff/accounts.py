"""Signing in and out. Django's own views, with a form that refuses to try a password
while sign-in is locked after repeated failures (see `scrutiny.people.lockout`)."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import path

from scrutiny.people.lockout import sign_in_attempt_record, sign_in_lockout


def client_address(request) -> str | None:
    """The address the request came from. Behind a proxy, the proxy must set REMOTE_ADDR
    (for example with the web server's real-IP module): a client's own X-Forwarded-For is
    never trusted, or anyone could dodge the lockout by inventing addresses."""
    return request.META.get("REMOTE_ADDR") or None


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request else None
        lockout = sign_in_lockout(username=username, ip_address=address)
        if lockout is not None:
            raise forms.ValidationError(lockout.message, code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                sign_in_attempt_record(username=username, ip_address=address, succeeded=False)
            raise
        if self.user_cache is not None:
            sign_in_attempt_record(username=username, ip_address=address, succeeded=True)
        return cleaned


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
