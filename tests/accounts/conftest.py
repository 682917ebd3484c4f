from django.urls import reverse


def password_login(client, username, password="secret-password-1"):
    """Post the login form, as a person would."""
    return client.post(reverse("login"), {"username": username, "password": password})
