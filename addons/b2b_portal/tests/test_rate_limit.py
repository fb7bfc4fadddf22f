import threading
import uuid
from datetime import datetime, timedelta

from odoo import api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, TransactionCase, get_db_name, tagged

ADMIN_USER_ID = 2


@tagged("post_install", "-at_install")
class TestRateLimitWindows(TransactionCase):
    def test_limit_and_take_back(self):
        limits = self.env["b2b.rate.limit"]
        hour = timedelta(hours=1)
        self.assertEqual([limits._b2b_hit("t-a", 2, hour) for __ in range(4)], [True, True, False, False])
        self.assertTrue(limits._b2b_hit("t-b", 0, hour), "a limit of 0 is no limit")
        checks = [("t-c", 5, hour), ("t-d", 1, hour)]
        self.assertTrue(limits._b2b_hit_all(checks))
        self.assertFalse(limits._b2b_hit_all(checks))  # t-d is over: refused...
        counters = limits.search([("key", "in", ("t-c", "t-d"))])
        self.assertEqual(sorted(counters.mapped("hits")), [1, 1], "...and taken back from every counter")

    def test_fixed_windows(self):
        limits = self.env["b2b.rate.limit"]
        start = limits._b2b_window_start(timedelta(hours=1), datetime(2026, 12, 1, 21, 59, 59))
        self.assertEqual(start, datetime(2026, 12, 1, 21, 0))
        self.assertEqual(
            limits._b2b_window_start(timedelta(days=1), datetime(2026, 12, 1, 21, 5)), datetime(2026, 12, 1)
        )


@tagged("post_install", "-at_install")
class TestRateLimitRace(BaseCase):
    """Twelve requests with one key at the same moment, each in its own transaction, against a
    limit of 5: exactly 5 pass. (A count-then-create check lets most of them through.)

    This test commits (it needs several connections) and removes its counters afterwards."""

    def test_parallel_hits_respect_the_limit(self):
        key = f"test-race-{uuid.uuid4()}"
        registry = Registry(get_db_name())  # fetched here: the test runner's thread holds the lock
        barrier = threading.Barrier(12)
        results, errors = [], []

        def request():
            try:
                with registry.cursor() as cr:
                    cr.transaction = api.Transaction(registry)
                    env = api.Environment(cr, ADMIN_USER_ID, {})
                    cr.execute("SELECT 1")  # the request's snapshot is taken before the others commit
                    barrier.wait(30)
                    results.append(env["b2b.rate.limit"]._b2b_hit(key, 5, timedelta(hours=1)))
            except Exception as error:
                errors.append(error)

        threads = [threading.Thread(target=request) for __ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.addCleanup(self._drop, key)
        self.assertFalse(errors)
        self.assertEqual(sorted(results), [False] * 7 + [True] * 5)

    def _drop(self, key):
        with Registry(get_db_name()).cursor() as cr:
            cr.execute("DELETE FROM b2b_rate_limit WHERE key = %s", [key])
