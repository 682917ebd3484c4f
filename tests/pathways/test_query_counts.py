"""The number of queries of every page is fixed: it does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ParticipantFactory

from .conftest import spell

D = datetime.date
PAGES = [
    ("/reports/pathways/", "kansli"),
    ("/reports/gaps/", "kansli"),
    ("/reports/gaps/", "styrelse"),
    ("/reports/gaps/worklist/", "deltagaransvarig"),
    ("/reports/pathways/persons/", "deltagaransvarig"),
    ("/reports/cycling/", "kansli"),
    ("/reports/steps/", "kansli"),
    ("/reports/steps/register/", "deltagaransvarig"),
    ("/reports/effects/", "kansli"),
    ("/reports/coverage/", "kansli"),
    ("/reports/implementation/", "kansli"),
    ("/reports/gaps/?format=xlsx", "styrelse"),
]
MAX_QUERIES = 20


def more_people(world, n):
    for i in range(n):
        person = ParticipantFactory(birth=D(1970, 1 + i % 12, 1 + i % 28))
        spell(person, world["A"], D(2015, 1, 1 + i % 28), D(2015, 3, 1 + i % 28))
        spell(person, world["B"], D(2015, 4, 1 + i % 28), D(2015, 9, 1) if i % 2 else None)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"year": 2015} if "?" not in url else None)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url, role", PAGES)
def test_query_count_does_not_grow_with_the_data(client, users, world, url, role, django_assert_max_num_queries):
    client.force_login(users[role])
    count(client, url)  # warm caches (content types, sessions)
    small = count(client, url)
    more_people(world, 40)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count(client, url)
    assert large == small
