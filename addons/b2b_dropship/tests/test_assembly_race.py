from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import B2bDropshipCommon


@tagged("post_install", "-at_install")
class TestAssemblyRace(TransactionCase):
    """Two «send to assembly» requests at the same moment (two users, or a double click) send
    the order once. The data is built on a committed cursor, so that the transactions see each
    other's commits, and archived afterwards."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            world = B2bDropshipCommon._b2b_on(api.Environment(cr, SUPERUSER_ID, {}))
            world._b2b_setup()
            world.env["ir.config_parameter"].set_param("b2b_pricing.stock_floor", "1000000")
            product = world._b2b_make_product("Блок для гонки сборки", qty=10, price=10.0)
            buyer = world.client_users["buyer"]
            order = world.env["sale.order"]._b2b_draft_for_user(buyer, create=True)
            order._b2b_add_product(product, 5)
            order._b2b_submit()
            world.env["sale.order"]._b2b_cron_reserve()
            self.assertEqual(order.sudo().b2b_reservation_state, "reserved")
            self.order_id = order.id
            self.buyer_id, self.admin_id = buyer.id, world.client_users["admin"].id
            self.fixture = {
                "products": (product | world.product_a | world.product_b).ids,
                "users": [u.id for u in (*world.client_users.values(), *world.other_users.values())],
                "partners": (world.client | world.other_client).ids,
            }
        self.addCleanup(self._archive_fixture)

    def _archive_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["sale.order"].browse(self.order_id)._action_cancel()
            env["product.product"].browse(self.fixture["products"]).active = False
            partners = env["res.partner"].browse(self.fixture["partners"])
            # no longer clients first, so that archiving their last administrators is allowed
            partners.write({"b2b_is_client": False})
            env["res.users"].browse(self.fixture["users"]).active = False
            partners.write({"active": False})

    def _send(self, cr, user_id):
        if cr.transaction is None:
            # the registry is held by the test loader's thread: give the cursor its transaction directly
            cr.transaction = api.Transaction(self.registry)
        env = api.Environment(cr, user_id, {})
        return env["sale.order"].browse(self.order_id)._b2b_send_to_assembly(env.user)

    @mute_logger("odoo.sql_db")
    def test_second_request_sends_nothing(self):
        with self.registry.cursor() as first, self.registry.cursor() as late, self.registry.cursor() as retry:
            late.execute("SELECT 1")  # this transaction's snapshot is taken now
            self.assertTrue(self._send(first, self.buyer_id))
            first.commit()
            # a request that started before the commit cannot act on its stale view of the order
            with self.assertRaises(pg_errors.SerializationFailure):
                self._send(late, self.admin_id)
            late.rollback()
            # Odoo retries it in a new transaction, which finds the order already sent
            self.assertFalse(self._send(retry, self.admin_id))
            retry.commit()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.order_id)
            self.assertEqual(order.b2b_assembly_user_id.id, self.buyer_id)
            delivery = order._b2b_deliveries()
            self.assertTrue(delivery.b2b_assembly_requested)
            notes = delivery.message_ids.filtered(lambda m: "сборку" in (m.body or "") or "assembly" in (m.body or ""))
            self.assertEqual(len(notes), 1)
