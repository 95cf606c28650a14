"""A request that only reads takes no transaction (on SQLite: no write lock); one that writes is all or nothing."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from coop.models import County

seen = {}


@csrf_exempt
def record_transaction(request):
    seen[request.method] = connection.in_atomic_block
    return HttpResponse("ok")


@csrf_exempt
def write_then_fail(request):
    County.objects.create(name="半途县", code="610799")
    raise RuntimeError("the view fails after its first write")


urlpatterns = [path("record/", record_transaction), path("half/", write_then_fail)]

# serialized: a plain transactional test's flush re-creates content types under new ids on PostgreSQL, which the
# serialized tests after it (tests/finance) then collide with; and the chart of accounts comes from a migration.
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_get_runs_outside_any_transaction_so_it_holds_no_write_lock(client):
    seen.clear()
    client.get("/record/")
    client.head("/record/")
    assert seen == {"GET": False, "HEAD": False}


def test_a_post_runs_in_one_transaction(client):
    seen.clear()
    client.post("/record/")
    assert seen == {"POST": True}


def test_a_post_that_fails_halfway_leaves_nothing(client):
    client.raise_request_exception = False
    response = client.post("/half/")
    assert response.status_code == 500
    assert not County.objects.filter(code="610799").exists()
