"""Fill the database with a living demo registry, dated from the day it runs (or --today): the
seeds' interventions, synthetic people with spells from four years back up to today, anonymous
and volume registrations, cases (cases.demo), tertial reports in every state (tertials.demo),
import jobs (exchange.demo) and one user per role.

Idempotent: a second run the same day changes nothing; a run on a later day re-dates the demo.
Never real personnummer: numbers are generated (Luhn-valid) from a fixed random seed.
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.setup import ensure_role_groups
from cases.demo import seed_case_demo
from exchange.demo import seed_import_jobs
from interventions.models import Assignment
from national_followup.demo import seed_association_years
from participants import demo
from tertials.demo import seed_tertial_demo

USERS = [
    (roles.ADMINISTRATOR, "Ada", "Administratör"),
    (roles.KANSLI, "Karin", "Kansli"),
    (roles.INSATSANSVARIG, "Ingrid", "Insatsansvarig"),
    (roles.DELTAGARANSVARIG, "David", "Deltagaransvarig"),
    (roles.STYRELSE, "Sven", "Styrelse"),
]
ASSIGNMENTS = [
    (roles.INSATSANSVARIG, "ACT", Assignment.Role.INSATSANSVARIG),
    (roles.INSATSANSVARIG, "AKTIVITETSCENTER", Assignment.Role.INSATSANSVARIG),
    (roles.INSATSANSVARIG, "PTSD", Assignment.Role.INSATSANSVARIG),
    (roles.INSATSANSVARIG, "UTSIKT", Assignment.Role.INSATSANSVARIG),
    (roles.INSATSANSVARIG, "REKO", Assignment.Role.INSATSANSVARIG),
    (roles.DELTAGARANSVARIG, "AKTIVITETSCENTER", Assignment.Role.DELTAGARANSVARIG),
    (roles.DELTAGARANSVARIG, "SHP", Assignment.Role.DELTAGARANSVARIG),
]
# Who is responsible for the spells of each intervention (Unga vuxna: nobody, a to-do on the start page).
RESPONSIBLE = {"AKTIVITETSCENTER": roles.DELTAGARANSVARIG, "SHP": roles.DELTAGARANSVARIG,
               "PTSD": roles.INSATSANSVARIG, "UTSIKT": roles.INSATSANSVARIG}


class Command(BaseCommand):
    help = "Fyller databasen med demodata daterade från i dag: insatser, syntetiska deltagare, ärenden, " \
           "tertialrapporter, importjobb och en användare per roll."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Samma lösenord för alla demoanvändare (annars slumpas de).")
        parser.add_argument("--people", type=int, default=320, help="Antal syntetiska personer (standard 320).")
        parser.add_argument("--today", help="Datera demon som om det vore detta datum (ÅÅÅÅ-MM-DD).")

    @transaction.atomic
    def handle(self, *args, password=None, people=320, today=None, **options):
        try:
            today = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"Ogiltigt datum för --today: {today!r} (använd ÅÅÅÅ-MM-DD).")
        ensure_role_groups()
        interventions = demo.create_interventions(today)
        users, credentials = self.create_users(password, interventions)
        staff = {code: users[username] for code, username in RESPONSIBLE.items()}
        made = demo.create_participations(interventions, people, staff, today)
        demo.create_anonymous_and_volume(interventions, today)
        seed_case_demo(interventions, today=today)  # plans, contacts and follow-ups
        seed_tertial_demo(interventions, users, today=today)
        seed_import_jobs(users[roles.KANSLI], today=today)
        seed_association_years(today=today)
        self.stdout.write(self.style.SUCCESS(f"Demodata klar per {today}: {made} nya eller omdaterade "
                                             "insatsdeltaganden."))
        self.stdout.write("Demoanvändare (användarnamn / lösenord):")
        for username, pw in credentials:
            self.stdout.write(f"  {username:<18} {pw}")

    def create_users(self, password, interventions):
        User = get_user_model()
        existing = {u.username: u for u in User.objects.filter(username__in=[role for role, _, _ in USERS])}
        # One hash for the shared password (hashing is the slow part), kept when it still matches.
        known = next((u.password for u in existing.values() if u.has_usable_password()), None)
        shared = None
        if password:
            shared = known if known and check_password(password, known) else make_password(password)
        users, credentials = {}, []
        for role, first, last in USERS:
            user = existing.get(role) or User(username=role)
            wanted = dict(first_name=first, last_name=last, email=f"{role}@finsam.invalid",
                          is_staff=role in (roles.ADMINISTRATOR, roles.KANSLI),
                          is_superuser=role == roles.ADMINISTRATOR)
            pw = password or secrets.token_urlsafe(9)
            hashed = shared or make_password(pw)
            if user.pk is None or user.password != hashed or any(getattr(user, k) != v for k, v in wanted.items()):
                for name, value in wanted.items():
                    setattr(user, name, value)
                user.password = hashed
                user.save()
            if set(user.groups.values_list("name", flat=True)) != {role}:
                user.groups.set([Group.objects.get(name=role)])
            users[role] = user
            credentials.append((role, pw))
        for username, code, role in ASSIGNMENTS:
            Assignment.objects.update_or_create(user=users[username], intervention=interventions[code],
                                                defaults={"role": role})
        return users, credentials
