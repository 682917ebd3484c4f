"""The second factor, enforced for every request (site and admin alike), and no caching."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers
from django_otp import user_has_device


class SecondFactorMiddleware:
    """A user with a confirmed device is not logged in until the code was given in this session.

    The login view asks for the code before it creates a session; this catches every other
    way a password-only session could come about (the admin's own login form, a session made
    before the device was confirmed, a forced login), and ends it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and user_has_device(user, confirmed=True):
            logout(request)
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class NoStoreMiddleware:
    """No page or file of the site is kept by a browser or a proxy cache.

    Nearly every page shows personal data or figures for a role, and a cached copy would
    outlive the session (the back button after logging out, a shared computer, a proxy).
    Static files never get here: WhiteNoise answers them before this middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
