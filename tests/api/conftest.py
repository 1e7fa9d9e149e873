"""API tests: a GET under /api/v1 as a demo user, with a fresh Bearer token (None: no token)."""

import pytest

from cchc.api.services import create_token

# The kinds of user of the API permission tables, in column order.
USERS = [None, "qnam.stp", "qnam.snv", "qnam.ubnd", "kgiang.stc", "admin"]
# The same kinds in Đà Nẵng, a province alive today (plans of 2027 are made there; Quảng Nam ended on 30/06/2025).
DN_USERS = [None, "dnang.stp", "dnang.snv", "dnang.ubnd", "kgiang.stc", "admin"]


@pytest.fixture
def api(client, db):
    def call(username: str | None, path: str, **params):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(username)}"} if username else {}
        return client.get(f"/api/v1{path}", params, **headers)

    return call
