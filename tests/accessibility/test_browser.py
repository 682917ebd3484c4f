"""Site-wide accessibility in a real Chromium: skip link, visible focus, the "Meny" button on
narrow screens and the idle-session warning that lets the user stay (WCAG 2.2.1)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_first_tab_stop_is_the_skip_link_and_it_leads_to_the_content(page, login, live_server, users):
    login("staff_user")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    assert page.locator(".skiplink").is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")  # the next stop is inside the content, not the menu
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_the_focus_ring_shows_on_a_dark_button(page, login, live_server, users):
    login("staff_user")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {cls: document.activeElement.className, style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                color: s.outlineColor, shadow: s.boxShadow}; }""")
    assert "primary" in ring["cls"]  # "+ Registrera start", white on dark blue
    assert ring["style"] == "solid" and ring["width"] >= 2 and ring["color"] == "rgb(255, 191, 71)"
    assert ring["shadow"] != "none"


def test_on_a_narrow_screen_the_menu_is_behind_a_meny_button(page, login, live_server, users):
    login("staff_user")
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    button = page.locator("#menubutton")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not page.locator(".mainnav").is_visible()
    assert page.locator("header").bounding_box()["height"] < 80
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".mainnav a", has_text="Deltagare").is_visible()
    page.set_viewport_size({"width": 1366, "height": 800})
    assert not button.is_visible() and page.locator(".mainnav").is_visible()


def test_before_the_session_ends_the_user_is_warned_and_can_stay(page, login, live_server, users, settings):
    settings.SESSION_COOKIE_AGE = 10  # the warning comes 5 s before the end (half of a short session)
    login("staff_user")
    dialog = page.locator("#session-warning")
    dialog.wait_for(state="visible", timeout=30000)
    assert page.evaluate("document.activeElement.id") == "session-extend"
    assert "Vill du fortsätta vara inloggad?" in dialog.inner_text()
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    # The next warning comes 5 s after extending, past the first session's end: the server
    # session was renewed, so the user is still signed in then.
    dialog.wait_for(state="visible", timeout=30000)
    page.click("#session-extend")
    dialog.wait_for(state="hidden")
    page.goto(f"{live_server.url}/deltagare/")
    assert page.url == f"{live_server.url}/deltagare/"  # not sent to the login page


def test_printing_leaves_out_the_filters_and_keeps_every_column_on_the_page(page, login, live_server, world):
    login("staff_user")
    page.set_viewport_size({"width": 800, "height": 1000})  # about an A4 page's width
    for path in ("/deltagare/", f"/deltagare/person/{world['own'].participant_id}/"):
        page.goto(live_server.url + path)
        page.emulate_media(media="print")
        assert page.locator(".filterbar").count() == 0 or not page.locator(".filterbar").first.is_visible()
        assert not page.locator("header.topbar").is_visible()
        table = page.locator("main table").first.bounding_box()
        assert table["x"] >= 0 and table["x"] + table["width"] <= 800, path
        page.emulate_media(media="screen")
