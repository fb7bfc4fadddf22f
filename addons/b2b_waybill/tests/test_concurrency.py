import threading
import time

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import B2bWaybillCommon

RETRYABLE = (pg_errors.LockNotAvailable, pg_errors.SerializationFailure)


@tagged("post_install", "-at_install")
class TestWaybillConcurrency(TransactionCase):
    """Two waybills for the same remaining quantity, issued at the same moment, cannot both pass.

    These tests need transactions that see each other's commits, so they build their data on
    committed cursors (not the test's transaction) and archive it afterwards.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            world = B2bWaybillCommon._b2b_on(api.Environment(cr, SUPERUSER_ID, {}))
            world._b2b_waybill_setup()
            product = world._b2b_waybill_product("Блок для гонки", 10)
            order = world._b2b_make_order(world.client, [(product, 10)])
            self.order_id, self.line_id = order.id, order.order_line.id
            self.buyer_id = world.users["buyer"].id
            self.admin_id = world.users["admin"].id
            self.fixture = {
                "product": product.id,
                "users": [u.id for u in (*world.users.values(), world.other_admin, world.storekeeper)],
                "partners": (world.client | world.other_client).ids,
                "tax": world.tax.id,
            }
        self.addCleanup(self._archive_fixture)

    def _archive_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.order_id)
            order.b2b_waybill_ids.filtered(lambda w: w.state == "issued").action_cancel()
            order._action_cancel()
            env["product.product"].browse(self.fixture["product"]).active = False
            partners = env["res.partner"].browse(self.fixture["partners"])
            env["b2b.contract"].search([("partner_id", "in", partners.ids)]).action_cancel()
            # no longer clients first, so that archiving their last administrators is allowed
            partners.write({"b2b_is_client": False})
            env["res.users"].browse(self.fixture["users"]).active = False
            partners.write({"active": False})
            env["account.tax"].browse(self.fixture["tax"]).active = False

    def _issue(self, cr, user_id, qty=10):
        if cr.transaction is None:
            # the registry is held by the test loader's thread: give the cursor its transaction directly
            cr.transaction = api.Transaction(self.registry)
        env = api.Environment(cr, user_id, {})
        order = env["sale.order"].sudo().browse(self.order_id)
        return order._b2b_issue_waybill({self.line_id: qty}, user=env.user)

    def _waybills(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return (
                env["b2b.waybill"]
                .search([("sale_order_id", "=", self.order_id)])
                .mapped(lambda w: (w.state, w.line_ids.quantity))
            )

    @mute_logger("odoo.sql_db")
    def test_second_issue_waits_for_the_first(self):
        with self.registry.cursor() as first, self.registry.cursor() as second, self.registry.cursor() as late:
            late.execute("SELECT 1")  # this transaction's snapshot is taken now
            self._issue(first, self.buyer_id)
            # while the first is not committed, the order is locked: the second fails at once
            with self.assertRaises(pg_errors.LockNotAvailable):
                self._issue(second, self.admin_id)
            second.rollback()
            first.commit()
            # a transaction that started before the commit cannot use its stale view of the waybills
            with self.assertRaises(pg_errors.SerializationFailure):
                self._issue(late, self.admin_id)
            late.rollback()
            # Odoo retries such a request in a new transaction, which sees the first waybill
            with self.assertRaisesRegex(UserError, "только 0 "):
                self._issue(second, self.admin_id)
            second.rollback()
        self.assertEqual(self._waybills(), [("issued", 10)])

    @mute_logger("odoo.sql_db")
    def test_parallel_requests(self):
        """Two threads issue at once, retrying on concurrency errors like Odoo's request dispatcher."""
        barrier = threading.Barrier(2)
        outcome = {}

        def request(user_id):
            barrier.wait()
            try:
                _request(user_id)
            except Exception as error:
                outcome[user_id] = repr(error)

        def _request(user_id):
            for _attempt in range(10):
                with self.registry.cursor() as cr:
                    try:
                        waybill = self._issue(cr, user_id)
                        # keep the transaction open while the other one tries, then let it see the result
                        time.sleep(0.2)
                        cr.commit()  # pylint: disable=invalid-commit
                        outcome[user_id] = waybill.name
                        return
                    except RETRYABLE:
                        cr.rollback()
                        time.sleep(0.05)
                    except UserError as error:
                        cr.rollback()
                        outcome[user_id] = error
                        return
            outcome[user_id] = "gave up"

        threads = [threading.Thread(target=request, args=(uid,)) for uid in (self.buyer_id, self.admin_id)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertFalse([t for t in threads if t.is_alive()], "a request never finished")
        refused = [value for value in outcome.values() if isinstance(value, UserError)]
        issued = [value for value in outcome.values() if isinstance(value, str) and value.startswith("WB")]
        self.assertEqual((len(issued), len(refused)), (1, 1), outcome)
        self.assertIn("только 0 ", refused[0].args[0])
        self.assertEqual(self._waybills(), [("issued", 10)])
