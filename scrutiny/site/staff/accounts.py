"""Signing in and out, unlocking sign-in, and setting a password by an emailed link.
Django's own views, with forms that say plainly when sign-in is locked after repeated
failures (django-axes, policy in `scrutiny.people.lockout`) and offer a link by email to
unlock it (`scrutiny.people.unlock`); the admin's sign-in uses the same lock and says the
same. A forgotten password is reset, and a new account's invitation followed, through
Django's password-reset views, with the emails sent by the worker and the password set
through `scrutiny.people.passwords`."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.shortcuts import redirect, render
from django.urls import path, reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_safe

from scrutiny.core.forms import GovukForm, GovukFormMixin
from scrutiny.people.device_cookies import remember_browser
from scrutiny.people.lockout import lockout_message, normalised_username, username_counted
from scrutiny.people.models import PasswordEmail
from scrutiny.people.passwords import invitation_tokens, password_set, reset_tokens
from scrutiny.people.tasks import send_password_reset_email, send_unlock_email
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


class YourSignIn:
    """A sign-in form's fields asked for in the second person: "Enter your username"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class SignInForm(GovukFormMixin, YourSignIn, SaysWhenLocked, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }


class AdminSignInForm(GovukFormMixin, YourSignIn, SaysWhenLocked, AdminAuthenticationForm):
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


class UnlockRequestForm(GovukForm):
    username = forms.CharField(max_length=150, error_messages={"required": "Enter your username"})


@require_http_methods(["GET", "POST"])
def unlock_request(request):
    """Ask for a link to unlock sign-in. Whatever the username, the answer is the same page
    (the email is the worker's to send, if there is an account to send it to)."""
    form = UnlockRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"username": request.GET.get("username")},
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


class ResetRequestForm(GovukFormMixin, PasswordResetForm):
    """Asks for a reset by email address. Saving it only hands the address to the worker,
    which finds any account with it and emails the link (`scrutiny.people.passwords`), so
    the page answers the same, as quickly, whether or not there is one."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@council.gov.uk",
        },
    )

    def save(self, **kwargs):
        send_password_reset_email.enqueue(self.cleaned_data["email"])


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_sent.html"

    def get_context_data(self, **kwargs):
        minutes = max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 60)
        return super().get_context_data(minutes=minutes, **kwargs)


class PasswordByLinkForm(GovukFormMixin, SetPasswordForm):
    """The new password, twice, judged by Django's password validators; saved through
    `people.passwords.password_set` (audited)."""

    kind = PasswordEmail.Kind.PASSWORD_RESET
    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": "Enter the same password twice",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = " ".join(password_validators_help_texts())
        self.fields["new_password2"].label = "Type the new password again"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password1"].error_messages["required"] = "Enter the new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"

    def save(self, commit=True):
        return password_set(
            user=self.user, password=self.cleaned_data["new_password1"], kind=self.kind
        )


class InvitationPasswordForm(PasswordByLinkForm):
    kind = PasswordEmail.Kind.INVITATION


class PasswordByLinkView(auth_views.PasswordResetConfirmView):
    """The emailed link: opening it shows the form (a mail system that opens links to
    check them spends nothing); setting the password spends it. A link that does not work
    (not genuine, too old, used, or its account switched off) is a 404."""

    form_class = PasswordByLinkForm
    token_generator = reset_tokens
    template_name = "registration/password_set_form.html"
    success_url = reverse_lazy("password-set")
    heading = "Choose a new password"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)

    def render_to_response(self, context, **kwargs):
        if not context.get("validlink"):
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)


class InvitationView(PasswordByLinkView):
    form_class = InvitationPasswordForm
    token_generator = invitation_tokens
    heading = "Choose your password"


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
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=ResetRequestForm,
            template_name="registration/password_reset_request.html",
            success_url=reverse_lazy("password-reset-sent"),
        ),
        name="password-reset",
    ),
    path(
        "password/reset/sent/",
        ResetSentView.as_view(),
        name="password-reset-sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        PasswordByLinkView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/invitation/<uidb64>/<token>/",
        InvitationView.as_view(),
        name="password-invitation",
    ),
    path(
        "password/set/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_set.html"
        ),
        name="password-set",
    ),
]
