"""The one idiom for access checks in views.

- A page that a role may not use at all: `@role_required(access.<question>)` on the view (a
  visitor who is not logged in goes to the login page, a logged-in user without the right
  gets 403).
- A record outside the user's reach: the view loads it through an `accounts.access` queryset
  with `get_object_or_404`, so it does not exist for them (404). Where the user sees the
  record but may not do this to it, the view's loader (`_describable`, `_report_for`) asks
  access or the app's permissions module and raises PermissionDenied.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(test: Callable[..., bool], *args, message: str = ""):
    """Login, then `test(user, *args)` (a question from `accounts.access`) or 403 with `message`."""

    def decorator(view):
        @wraps(view)
        def checked(request, *view_args, **view_kwargs):
            if not test(request.user, *args):
                raise PermissionDenied(message)
            return view(request, *view_args, **view_kwargs)

        return login_required(checked)

    return decorator
