"""The accessibility walk's grouping of pages: which pages count as one (walk.pattern) and which
share a narrow layout, so that axe at 320 px runs once for them (walk.layout)."""

import pytest

from .walk import layout, pattern


@pytest.mark.parametrize(("first", "second"), [
    ("/deltagare/person/17/", "/deltagare/person/18/"),
    ("/admin/auth/", "/admin/cases/"),
])
def test_pages_that_differ_only_by_an_id_or_an_admin_app_are_one_page(first, second):
    assert pattern(first) == pattern(second)


@pytest.mark.parametrize(("first", "second"), [
    ("/admin/auth/user/", "/admin/cases/case/"),
    ("/admin/auth/user/add/", "/admin/participants/participant/add/"),
    ("/admin/auth/user/3/change/", "/admin/cases/case/12/change/"),
])
def test_admin_pages_of_one_template_share_a_narrow_layout(first, second):
    assert pattern(first) != pattern(second)
    assert layout(first) == layout(second)


@pytest.mark.parametrize(("first", "second"), [
    ("/admin/auth/user/", "/admin/auth/user/add/"),
    ("/admin/auth/user/add/", "/admin/auth/user/3/change/"),
    ("/admin/", "/admin/auth/user/"),
    ("/deltagare/", "/insatser/"),  # the site's own pages keep one narrow check per kind of page
])
def test_different_templates_keep_their_own_narrow_check(first, second):
    assert layout(first) != layout(second)
