import threading
import time

from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged

ADMIN_USER_ID = 2


@tagged("post_install", "-at_install")
class TestReservationRace(BaseCase):
    """Two orders compete for the last 5 units in two real, parallel transactions.

    This test commits (it needs several connections), and removes what it made afterwards."""

    def setUp(self):
        super().setUp()
        registry = Registry(get_db_name())
        with registry.cursor() as cr:
            env = api.Environment(cr, ADMIN_USER_ID, {"tracking_disable": True})
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            product = env["product.product"].create(
                {"name": "Последние штуки", "default_code": "T-RACE", "is_storable": True, "list_price": 1.0}
            )
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 5)
            partner = env["res.partner"].create({"name": "Race client", "email": "race@example.com"})
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "b2b_reservation_state": "pending",
                        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})],
                    }
                    for __ in range(2)
                ]
            )
            self.product_id, self.order_ids, self.partner_id = product.id, orders.ids, partner.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with Registry(get_db_name()).cursor() as cr:
            env = api.Environment(cr, ADMIN_USER_ID, {"tracking_disable": True})
            orders = env["sale.order"].browse(self.order_ids)
            orders._action_cancel()
            orders.write({"b2b_reservation_state": "draft"})
            env["product.product"].browse(self.product_id).active = False

    def test_parallel_reservations_never_exceed_stock(self):
        first_reserved = threading.Event()
        errors = []
        # fetched here: the test runner's thread holds the registries' lock
        registry = Registry(get_db_name())

        def first():
            try:
                with registry.cursor() as cr:
                    # Registry(dbname) would wait for the test runner's lock: give the registry
                    cr.transaction = api.Transaction(registry)
                    env = api.Environment(cr, ADMIN_USER_ID, {})
                    env["sale.order"].browse(self.order_ids[0])._b2b_reserve()
                    first_reserved.set()
                    time.sleep(1.5)  # the second transaction starts and waits on our rows
                # committed here
            except Exception as error:
                errors.append(error)
                first_reserved.set()

        thread = threading.Thread(target=first)
        thread.start()
        if not first_reserved.wait(30):
            with Registry(get_db_name()).cursor() as cr:
                cr.execute(
                    "SELECT pid, state, wait_event_type, wait_event, left(query, 300) FROM pg_stat_activity"
                    " WHERE datname = current_database()"
                )
                self.fail(f"the first reservation is stuck: {cr.fetchall()}")
        with Registry(get_db_name()).cursor() as cr:
            env = api.Environment(cr, ADMIN_USER_ID, {})
            done, postponed = env["sale.order"]._b2b_reserve_batch(
                env["sale.order"].browse(self.order_ids[1]), auto_commit=True
            )
        thread.join(60)
        self.assertFalse(errors)
        self.assertEqual((done, postponed), (0, 1), "the second transaction must lose the race, not over-reserve")
        with Registry(get_db_name()).cursor() as cr:
            env = api.Environment(cr, ADMIN_USER_ID, {})
            first, second = env["sale.order"].browse(self.order_ids)
            self.assertEqual(first.b2b_reservation_state, "reserved")
            self.assertEqual(second.b2b_reservation_state, "pending")
            # the next run finds nothing left
            env["sale.order"]._b2b_reserve_batch(second, auto_commit=True)
            self.assertEqual(second.b2b_reservation_state, "refused")
            quants = env["stock.quant"].search([("product_id", "=", self.product_id)])
            self.assertEqual(sum(quants.mapped("reserved_quantity")), 5)
            self.assertLessEqual(sum(quants.mapped("reserved_quantity")), sum(quants.mapped("quantity")))
