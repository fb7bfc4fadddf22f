import threading
import time

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api
from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

RETRYABLE = (pg_errors.LockNotAvailable, pg_errors.SerializationFailure)


@tagged("post_install", "-at_install")
class TestClaimRace(TransactionCase):
    """Two claims on the same delivered quantity, filed at the same moment, cannot both pass.
    The data is built on committed cursors (the transactions must see each other's commits)
    and removed afterwards."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            world = B2bTestCommon._b2b_on(api.Environment(cr, SUPERUSER_ID, {}))
            client = world._b2b_make_client("ООО «Гонка»")
            users = world._b2b_make_team(client, roles=("admin", "buyer"))
            product = world._b2b_make_product("Блок для гонки рекламаций", qty=10)
            order = world._b2b_make_order(client, [(product, 10)])
            order.picking_ids.move_ids.quantity = 10
            order.picking_ids.button_validate()
            self.order_id, self.line_id = order.id, order.order_line.id
            self.user_ids = [u.id for u in users.values()]
            self.fixture = (client.id, product.id)
        self.addCleanup(self._remove_fixture)

    def _remove_fixture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["b2b.claim"].search([("sale_order_id", "=", self.order_id)]).unlink()
            client = env["res.partner"].browse(self.fixture[0])
            client.b2b_is_client = False
            env["res.users"].browse(self.user_ids).active = False
            env["product.product"].browse(self.fixture[1]).active = False
            client.active = False

    def _file(self, cr, user_id):
        if cr.transaction is None:
            cr.transaction = api.Transaction(self.registry)
        env = api.Environment(cr, user_id, {"lang": "en_US"})
        order = env["sale.order"].sudo().browse(self.order_id)
        line = order.order_line.browse(self.line_id)
        return env["b2b.claim"]._b2b_file(order, [(line, "shortage", 10, "")])

    @mute_logger("odoo.sql_db")
    def test_parallel_claims(self):
        barrier = threading.Barrier(2)
        outcome = {}

        def request(user_id):
            barrier.wait()
            for _attempt in range(10):
                with self.registry.cursor() as cr:
                    try:
                        claim = self._file(cr, user_id)
                        time.sleep(0.2)  # keep the transaction open while the other one tries
                        cr.commit()  # pylint: disable=invalid-commit
                        outcome[user_id] = claim.name
                        return
                    except RETRYABLE:
                        cr.rollback()
                        time.sleep(0.05)
                    except UserError as error:
                        cr.rollback()
                        outcome[user_id] = error
                        return
                    except Exception as error:
                        cr.rollback()
                        outcome[user_id] = repr(error)
                        return
            outcome[user_id] = "gave up"

        threads = [threading.Thread(target=request, args=(uid,)) for uid in self.user_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertFalse([t for t in threads if t.is_alive()], "a request never finished")
        refused = [value for value in outcome.values() if isinstance(value, UserError)]
        filed = [value for value in outcome.values() if isinstance(value, str) and value.startswith("РК")]
        self.assertEqual((len(filed), len(refused)), (1, 1), outcome)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claims = env["b2b.claim"].search([("sale_order_id", "=", self.order_id)])
            self.assertEqual(sum(claims.line_ids.mapped("quantity")), 10.0)
