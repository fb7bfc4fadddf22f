from datetime import datetime, timedelta

from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

SENT = datetime(2026, 11, 2, 10, 0)


@tagged("post_install", "-at_install")
class TestFigures(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls.env["ir.config_parameter"].set_param("b2b_pricing.stock_floor", "1000000")
        cls.env["ir.config_parameter"].set_param("b2b_figures.manager_minutes_per_order", "20")
        cls.env["ir.config_parameter"].set_param("b2b_figures.manager_hour_cost", "900")
        cls.buyer = cls.client_users["buyer"]
        cls.manager = cls._b2b_make_staff("manager")

    def _portal_order(self, lines):
        order = self.env["sale.order"]._b2b_draft_for_user(self.buyer, create=True)
        for product, qty in lines:
            order._b2b_add_product(product, qty)
        self.assertTrue(order.with_user(self.buyer)._b2b_submit())
        return order.sudo()

    def _figures(self, orders):
        self.env.flush_all()  # the figures are a view over the tables
        return self.env["b2b.figures.order"].search([("order_id", "in", orders.ids)])

    def test_order_figures_known_answers(self):
        untouched = self._portal_order([(self.product_a, 2), (self.product_b, 5)])
        self.assertTrue(untouched.b2b_sent_date, "sending records the moment")
        edited = self._portal_order([(self.product_a, 1)])
        self.env["sale.order"]._b2b_cron_reserve()  # the job's own writes are not a manager's edit
        self.assertEqual(untouched.b2b_reservation_state, "reserved")
        edited.order_line.with_user(self.manager).write({"product_uom_qty": 3})
        self.assertFalse(untouched.b2b_edited_after_sent)
        self.assertTrue(edited.b2b_edited_after_sent)
        by_phone = self._b2b_make_order(self.client, [(self.product_b, 10)])
        draft = self.env["sale.order"]._b2b_draft_for_user(self.client_users["admin"], create=True)
        draft._b2b_add_product(self.product_a, 1)  # not sent: no figure

        untouched.write({"b2b_sent_date": SENT, "b2b_reserved_date": SENT + timedelta(hours=2)})
        edited.write({"b2b_sent_date": SENT, "b2b_reserved_date": SENT + timedelta(minutes=30)})
        by_phone.date_order = SENT
        picking = by_phone.picking_ids
        picking.move_ids.quantity = 10
        picking.button_validate()
        picking.date_done = SENT + timedelta(hours=24)
        self.env.flush_all()

        self.assertFalse(self._figures(draft))
        rows = {row.order_id: row for row in self._figures(untouched | edited | by_phone)}
        self.assertEqual(len(rows), 3)
        self.assertEqual(
            [(rows[o].channel, rows[o].edited_after_sent, rows[o].line_count) for o in (untouched, edited, by_phone)],
            [("portal", False, 2), ("portal", True, 1), ("manager", False, 1)],
        )
        self.assertAlmostEqual(rows[untouched].hours_to_reservation, 2.0)
        self.assertAlmostEqual(rows[edited].hours_to_reservation, 0.5)
        self.assertFalse(rows[by_phone].hours_to_reservation)
        self.assertAlmostEqual(rows[by_phone].hours_to_pickup, 24.0)
        # 20 minutes at 900 an hour = 300 for what a manager handled, nothing for the untouched one
        self.assertEqual([rows[o].handling_cost for o in (untouched, edited, by_phone)], [0.0, 300.0, 300.0])

        [total] = self.env["b2b.figures.order"].read_group(
            [("partner_id", "=", self.client.id)],
            ["order_count:sum", "portal_share:avg", "edited_count:sum", "handling_cost:avg", "line_count:avg"],
            [],
        )
        self.assertEqual(total["order_count"], 3)
        self.assertAlmostEqual(total["portal_share"], 200 / 3)
        self.assertEqual(total["edited_count"], 1)
        self.assertAlmostEqual(total["handling_cost"], 200.0)
        self.assertAlmostEqual(total["line_count"], 4 / 3)
        weekly = self.env["b2b.figures.order"].read_group(
            [("partner_id", "=", self.client.id)], ["order_count:sum"], ["date_order:week", "channel"], lazy=False
        )
        self.assertEqual(sorted((g["channel"], g["order_count"]) for g in weekly), [("manager", 1), ("portal", 2)])

    def test_paid_date_from_either_way(self):
        order = self._portal_order([(self.product_a, 1)])
        self.env["sale.order"]._b2b_cron_reserve()
        self.assertFalse(order.b2b_paid_date)
        order.b2b_payment_state = "paid"  # as the external accounting system writes it
        order._b2b_queue_paid_notice()
        self.assertTrue(order.b2b_paid_date)
        first = order.b2b_paid_date
        order._b2b_queue_paid_notice()
        self.assertEqual(order.b2b_paid_date, first, "the first moment stays")

    def test_cost_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual((settings.b2b_manager_minutes_per_order, settings.b2b_manager_hour_cost), (20.0, 900.0))
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"b2b_manager_hour_cost": -1})
        self.env["ir.config_parameter"].set_param("b2b_figures.manager_hour_cost", "много")
        by_phone = self._b2b_make_order(self.client, [(self.product_b, 1)])
        # garbage reads as the default 600 an hour: 20 min × 600 / 60
        self.assertEqual(self._figures(by_phone).handling_cost, 200.0)

    def test_self_service_documents(self):
        served = self._portal_order([(self.product_a, 1)])
        mailed = self._portal_order([(self.product_b, 1)])
        self.env["sale.order"]._b2b_cron_reserve()
        self.authenticate(self.buyer.login, self.buyer.login)
        response = self.url_open(f"/my/b2b/order/{served.id}/payment-invoice")
        self.assertEqual(response.status_code, 200)
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(f"/my/b2b/order/{mailed.id}/payment-invoice")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(served.b2b_invoice_self_served)
        self.assertFalse(mailed.b2b_invoice_self_served, "a manager printing it is not self-service")

        company = self.env.company
        acts = self.env["b2b.reconciliation.act"]
        quarters = (("2026-01-01", "2026-03-31"), ("2026-04-01", "2026-06-30"), ("2026-07-01", "2026-09-30"))
        for requester, (date_from, date_to) in zip(
            (self.client_users["accountant"], self.manager, self.manager), quarters, strict=True
        ):
            # (one waiting act per client and period: three periods)
            acts |= acts.create(
                {
                    "partner_id": self.client.id,
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "requested_by_id": requester.id,
                }
            )
        waybill = self.env["b2b.waybill"].create({"sale_order_id": served.id, "name": "ТН-1"})
        waybill.write({"state": "issued", "issued_by_id": self.buyer.id, "date_issued": SENT})
        self.env["b2b.waybill"].create({"sale_order_id": mailed.id, "name": "ТН-2"})  # a draft is no document yet
        self.env.flush_all()

        groups = self.env["b2b.figures.document"].read_group(
            [("partner_id", "=", self.client.id)], ["document_count:sum", "self_service_share:avg"], ["kind"]
        )
        figures = {g["kind"]: (g["document_count"], round(g["self_service_share"], 2)) for g in groups}
        self.assertEqual(figures, {"invoice": (2, 50.0), "act": (3, 33.33), "waybill": (1, 100.0)})

    def test_only_managers_read_the_figures(self):
        self._b2b_make_order(self.client, [(self.product_b, 1)])
        self.env.flush_all()
        for model in ("b2b.figures.order", "b2b.figures.document"):
            self.assertTrue(self.env[model].with_user(self.manager).search_count([]))
            for user in (
                self.client_users["admin"],
                self._b2b_make_staff("storekeeper"),
                self._b2b_make_staff("clerk"),
            ):
                with self.assertRaises(AccessError, msg=(model, user.login)):
                    self.env[model].with_user(user).search_read([], ["partner_id"])
