from __future__ import annotations

import pytest

from registration.setup import enterprises
from registration.setup.campaign import CampaignError
from registration.storage.store import Store


def _events(store: Store) -> int:
    return int(
        store.conn.execute("SELECT count(*) FROM events WHERE kind = 'enterprise.upserted'").fetchone()[0]
    )


def test_reported_headcount_and_contact_are_kept_and_changed_field_by_field(store: Store) -> None:
    firm, changed = enterprises.set_enterprise(store, " 中山明泰包装有限公司 ", reported=47)
    assert changed and firm == enterprises.Enterprise("中山明泰包装有限公司", 47)
    enterprises.set_enterprise(store, "中山明泰包装有限公司", contact="王经理", phone="138-0013-8000")
    assert enterprises.get(store.conn, "中山明泰包装有限公司") == enterprises.Enterprise(
        "中山明泰包装有限公司", 47, "王经理", "13800138000"
    )
    assert enterprises.all_enterprises(store.conn)[0].view() == {
        "name": "中山明泰包装有限公司",
        "reported": 47,
        "contact": "王经理",
        "phone": "138****8000",
    }
    before = _events(store)
    assert not enterprises.set_enterprise(store, "中山明泰包装有限公司", reported=47)[1]
    assert _events(store) == before == 2


def test_bad_values_are_refused(store: Store) -> None:
    with pytest.raises(CampaignError, match="cannot be negative"):
        enterprises.set_enterprise(store, "明泰", reported=-3)
    with pytest.raises(CampaignError, match="enterprise name must be"):
        enterprises.set_enterprise(store, "  ", reported=3)
    assert enterprises.all_enterprises(store.conn) == []
