"""Signing in and out, and unlocking sign-in. Django's own views, with forms that say
plainly when sign-in is locked after repeated failures (django-axes, policy in
`scrutiny.people.lockout`) and offer a link by email to unlock it (`scrutiny.people.unlock`);
the admin's sign-in uses the same lock and says the same."""

from django import forms
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_safe

from scrutiny.people.device_cookies import remember_browser
from scrutiny.people.lockout import lockout_message, normalised_username, username_counted
from scrutiny.people.tasks import send_unlock_email
from scrutiny.people.unlock import link_seconds, unlock_link_find, unlock_link_use


class SaysWhenLocked:
    """For a sign-in form: when axes refused the attempt because sign-in is locked (or this
    failure locked it), the error says so instead of "wrong password"."""

    def unlock_hint(self) -> str:
        """Said after the lock's message, on a page that does not offer the link itself."""
        return ""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self.request is None or not getattr(self.request, "axes_locked_out", False):
                raise
            username = normalised_username(self.request, {"username": self.data.get("username")})
            self.request.sign_in_lockout_shown = True
            self.request.sign_in_locked_username = username or ""
            raise forms.ValidationError(
                lockout_message(self.request, username) + self.unlock_hint(), code="locked"
            ) from None


class SignInForm(SaysWhenLocked, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }


class AdminSignInForm(SaysWhenLocked, AdminAuthenticationForm):
    def unlock_hint(self) -> str:
        return f" Ask for the link at {reverse('sign-in-unlock-request')}."


def lockout_response(request, original_response=None, credentials=None):
    """Axes' answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): the sign-in page that
    already says so, or else a page of its own; 429 either way."""
    if original_response is not None and getattr(request, "sign_in_lockout_shown", False):
        original_response.status_code = 429
        return original_response
    username = normalised_username(request, credentials)
    context = {"message": lockout_message(request, username), "unlock_for": username or ""}
    return render(request, "registration/locked.html", context, status=429)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Set by the form when sign-in is locked: the page then offers the unlock link.
        unlock_for = getattr(self.request, "sign_in_locked_username", None)
        return super().get_context_data(unlock_for=unlock_for, **kwargs)


class UnlockRequestForm(forms.Form):
    username = forms.CharField(max_length=150, error_messages={"required": "Enter your username."})


@require_http_methods(["GET", "POST"])
def unlock_request(request):
    """Ask for a link to unlock sign-in. Whatever the username, the answer is the same page
    (the email is the worker's to send, if there is an account to send it to)."""
    form = UnlockRequestForm(
        request.POST or None, initial={"username": request.GET.get("username")}
    )
    if request.method == "POST" and form.is_valid():
        send_unlock_email.enqueue(username_counted(form.cleaned_data["username"]))
        return redirect("sign-in-unlock-sent")
    return render(request, "registration/unlock_request.html", {"form": form})


@require_safe
def unlock_sent(request):
    context = {"minutes": max(1, link_seconds() // 60)}
    return render(request, "registration/unlock_sent.html", context)


@require_http_methods(["GET", "POST"])
def unlock(request, token: str):
    """The emailed link. Opening it only shows a button: mail systems that open links to
    check them must not spend it. Pressing the button spends it, clears the account's
    failures and gives this browser the device cookie."""
    if request.method == "POST":
        user = unlock_link_use(token=token)
        if user is not None:
            remember_browser(request, username_counted(user.get_username()))
            messages.success(request, "Sign in is unlocked. Sign in with your password.")
            return redirect("login")
    elif unlock_link_find(token) is not None:
        return render(request, "registration/unlock.html")
    return render(request, "registration/unlock_spent.html", status=404)


urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path(
        "logout/",
        auth_views.LogoutView.as_view(template_name="registration/logged_out.html"),
        name="logout",
    ),
    path("unlock/", unlock_request, name="sign-in-unlock-request"),
    path("unlock/sent/", unlock_sent, name="sign-in-unlock-sent"),
    path("unlock/<str:token>/", unlock, name="sign-in-unlock"),
]
