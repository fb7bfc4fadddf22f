from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import B2bWaybillCommon


@tagged("post_install", "-at_install")
class TestWaybill(B2bWaybillCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_waybill_setup()
        cls.block = cls._b2b_waybill_product("Календарный блок", 10, weight=0.4, price=120.0, code="CB-1")
        cls.spiral = cls._b2b_waybill_product("Спираль", 5, weight=0.1, price=10.0, code="SP-1")
        cls.order = cls._b2b_make_order(cls.client, [(cls.block, 10), (cls.spiral, 5)])
        cls.line_block = cls.order.order_line.filtered(lambda ln: ln.product_id == cls.block)
        cls.line_spiral = cls.order.order_line.filtered(lambda ln: ln.product_id == cls.spiral)

    def _issue(self, quantities, order=None, user=None, **kw):
        order = order or self.order
        user = user or self.buyer
        return order.sudo()._b2b_issue_waybill(quantities, user=user, **kw)

    def _collect(self, waybill, quantities=None):
        return waybill.with_user(self.storekeeper)._b2b_collect(quantities or {})

    def _available(self, order=None):
        return (order or self.order)._b2b_waybill_available_quantities()

    def _snapshot(self):
        """What a refused operation must leave untouched."""
        moves = self.order.order_line.move_ids
        return (
            sorted(self.order.picking_ids.mapped(lambda p: (p.id, p.state))),
            sorted(moves.mapped(lambda m: (m.id, m.state, m.quantity, m.product_uom_qty, m.picked))),
            sorted(self.order.b2b_waybill_ids.mapped(lambda w: (w.id, w.state))),
            self.order.order_line.mapped("qty_delivered"),
        )

    def test_reserved_quantities_come_from_the_delivery(self):
        self.assertEqual(self.order.picking_ids.state, "assigned")
        self.assertEqual(self._available(), {self.line_block.id: 10, self.line_spiral.id: 5})
        # an order whose goods are not in stock has nothing to put on a waybill
        lamp = self._b2b_waybill_product("Лампа", 0)
        waiting = self._b2b_make_order(self.client, [(lamp, 3)])
        self.assertFalse(any(self._available(waiting).values()))
        with self.assertRaisesRegex(UserError, "только 0 "):
            self._issue({waiting.order_line.id: 1}, order=waiting)

    def test_partial_pickups_until_fully_shipped(self):
        first = self._issue({self.line_block.id: 4})
        self.assertEqual(first.state, "issued")
        self.assertTrue(first.name.startswith("WB"))
        self.assertEqual(first.partner_id, self.client)
        self.assertEqual(first.date_expiry, fields.Date.context_today(first) + timedelta(days=3))
        self.assertAlmostEqual(first.weight, 1.6)
        self.assertEqual(self._available(), {self.line_block.id: 6, self.line_spiral.id: 5})
        second = self._issue({self.line_block.id: 6, self.line_spiral.id: 5})
        self.assertNotEqual(first.name, second.name)
        self.assertEqual(self._available(), {self.line_block.id: 0, self.line_spiral.id: 0})

        # the warehouse hands over 3 instead of 4: one validated delivery, the rest stays reserved
        pickings = self._collect(first, {first.line_ids.id: 3})
        self.assertEqual(first.state, "collected")
        self.assertEqual(first.line_ids.quantity_collected, 3)
        self.assertEqual(pickings.state, "done")
        self.assertEqual(first.picking_ids, pickings)
        self.assertEqual(pickings.move_ids.product_id, self.block)
        self.assertEqual(pickings.move_ids.quantity, 3)
        self.assertEqual(self.line_block.qty_delivered, 3)
        self.assertEqual(self.line_spiral.qty_delivered, 0)
        backorder = self.order.picking_ids - pickings
        self.assertEqual(backorder.backorder_id, pickings)
        self.assertEqual(backorder.state, "assigned")
        # the unused unit is free for a new waybill again; the second waybill's goods stay reserved
        self.assertEqual(self._available(), {self.line_block.id: 1, self.line_spiral.id: 0})

        self._collect(second)
        self.assertEqual(second.line_ids.mapped("quantity_collected"), [6, 5])
        self.assertEqual(self.line_block.qty_delivered, 9)
        self.assertEqual(self.line_spiral.qty_delivered, 5)

        third = self._issue({self.line_block.id: 1})
        self._collect(third)
        self.assertEqual(self.order.order_line.mapped("qty_delivered"), [10, 5])
        self.assertEqual(set(self.order.picking_ids.mapped("state")), {"done"})
        self.assertEqual(len(self.order.picking_ids), 3)
        self.assertFalse(any(self._available().values()))
        self.assertEqual(self.order.b2b_waybill_count, 3)

    def test_issue_refusals(self):
        with self.assertRaisesRegex(UserError, "только 10 "):
            self._issue({self.line_block.id: 11})
        with self.assertRaisesRegex(UserError, "не может быть отрицательным"):
            self._issue({self.line_block.id: -1})
        with self.assertRaisesRegex(UserError, "хотя бы по одному товару"):
            self._issue({self.line_block.id: 0})
        other_order = self._b2b_make_order(self.other_client, [(self.block, 1)])
        with self.assertRaisesRegex(UserError, "нет такой строки"):
            self._issue({other_order.order_line.id: 1})
        draft = self._b2b_make_order(self.client, [(self.block, 1)], confirm=False)
        with self.assertRaisesRegex(UserError, "не подтверждён"):
            self._issue({draft.order_line.id: 1}, order=draft)
        # a client on a sale contract, or whose consignment contract is no longer in force
        seller = self._b2b_contract_client("ООО «Продажа»", "sale")
        sale_order = self._b2b_make_order(seller, [(self.spiral, 1)])
        with self.assertRaisesRegex(UserError, "нет действующего договора комиссии"):
            self._issue({sale_order.order_line.id: 1}, order=sale_order)
        self.env["b2b.contract"].search([("partner_id", "=", self.client.id)]).action_cancel()
        with self.assertRaisesRegex(UserError, "нет действующего договора комиссии"):
            self._issue({self.line_block.id: 1})
        self.assertFalse(self.order.b2b_waybill_ids)

    def test_replayed_form_does_not_issue_twice(self):
        first = self._issue({self.line_block.id: 2}, request_token="tok-1")
        again = self._issue({self.line_block.id: 2}, request_token="tok-1")
        self.assertEqual(first, again)
        self.assertEqual(len(self.order.b2b_waybill_ids), 1)
        self.assertEqual(self._available()[self.line_block.id], 8)

    def test_cancel_frees_the_quantities(self):
        waybill = self._issue({self.line_block.id: 10})
        self.assertEqual(self._available()[self.line_block.id], 0)
        waybill.with_user(self.buyer).sudo().action_cancel()
        self.assertEqual(waybill.state, "cancelled")
        self.assertEqual(self._available()[self.line_block.id], 10)
        with self.assertRaisesRegex(UserError, "отменена"):
            waybill.sudo().action_cancel()

    def test_collect_refusals_change_nothing(self):
        waybill = self._issue({self.line_block.id: 4, self.line_spiral.id: 2})
        line_block = waybill.line_ids.filtered(lambda ln: ln.product_id == self.block)
        before = self._snapshot()
        for quantities, message in (
            ({line_block.id: 5}, "не больше 4"),
            ({line_block.id: -1}, "не может быть отрицательным"),
            (dict.fromkeys(waybill.line_ids.ids, 0), "Ничего не выдано"),
            ({line_block.id + 100000: 1}, "нет в накладной"),
        ):
            with self.subTest(quantities=quantities), self.assertRaisesRegex(UserError, message):
                self._collect(waybill, quantities)
            self.assertEqual(self._snapshot(), before)

        self._collect(waybill)
        collected = self._snapshot()
        with self.assertRaisesRegex(UserError, "уже выдан"):
            self._collect(waybill)
        self.assertEqual(self._snapshot(), collected)

        cancelled = self._issue({self.line_block.id: 1})
        cancelled.sudo().action_cancel()
        before = self._snapshot()
        with self.assertRaisesRegex(UserError, "отменена"):
            self._collect(cancelled)
        self.assertEqual(self._snapshot(), before)

        # expired: past its date even before the cron has marked it, and after
        late = self._issue({self.line_block.id: 1})
        late.date_expiry = fields.Date.today() - timedelta(days=1)
        before = self._snapshot()
        with self.assertRaisesRegex(UserError, "истёк"):
            self._collect(late)
        self.assertEqual(self._snapshot(), before)
        self.env["b2b.waybill"]._cron_expire()
        self.assertEqual(late.state, "expired")
        with self.assertRaisesRegex(UserError, "истёк"):
            self._collect(late)

    def test_collect_refused_when_reservation_was_taken_away(self):
        waybill = self._issue({self.line_block.id: 4})
        self.order.picking_ids.do_unreserve()
        with self.assertRaisesRegex(UserError, "зарезервировано только 0"):
            self._collect(waybill)
        self.assertEqual(waybill.state, "issued")
        self.assertEqual(self.order.picking_ids.state, "confirmed")

    def test_expiry_cron(self):
        waybill = self._issue({self.line_block.id: 10})
        fresh = self._issue({self.line_spiral.id: 5})
        self.assertEqual(self._available()[self.line_block.id], 0)
        waybill.date_expiry = fields.Date.today() - timedelta(days=1)
        # an expired waybill no longer holds its quantities, even before the cron runs
        self.assertEqual(self._available()[self.line_block.id], 10)
        expired = self.env["b2b.waybill"]._cron_expire()
        self.assertEqual(expired, waybill)
        self.assertEqual(waybill.state, "expired")
        self.assertEqual(fresh.state, "issued")
        self.assertIn("не использована", waybill.message_ids[:1].body)

    def test_validity_is_configurable(self):
        self.company.b2b_waybill_validity_days = 7
        waybill = self._issue({self.line_block.id: 1})
        self.assertEqual(waybill.date_expiry, fields.Date.context_today(waybill) + timedelta(days=7))

    def test_client_is_mailed_after_collection(self):
        waybill = self._issue({self.line_block.id: 4})
        self._collect(waybill, {waybill.line_ids.id: 2})
        mails = self.env["mail.mail"].search([("model", "=", "b2b.waybill"), ("res_id", "=", waybill.id)])
        # queued for the mail queue, to whoever issued the waybill and to the client company
        self.assertEqual(mails.recipient_ids, self.buyer.partner_id | self.client)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        for mail in mails:
            self.assertIn(waybill.name, mail.subject)
            self.assertIn("из 4", mail.body_html)
            self.assertIn(f"/my/b2b/waybills/{waybill.id}", mail.body_html)

    def test_storekeeper_wizard(self):
        waybill = self._issue({self.line_block.id: 4, self.line_spiral.id: 5})
        wizard_form = Form(self.env["b2b.waybill.collect"].with_user(self.storekeeper))
        for wrong in ("nonsense", "WB%", waybill.name[:-1] + "_"):
            wizard_form.scan = wrong
            self.assertFalse(wizard_form.waybill_id, wrong)
        self.assertIn("Накладной с номером", wizard_form.warning)
        wizard_form.scan = f"  {waybill.name.lower()} "
        self.assertEqual(wizard_form.waybill_id, waybill)
        self.assertFalse(wizard_form.warning)
        self.assertEqual(len(wizard_form.line_ids), 2)
        with wizard_form.line_ids.edit(0) as line:
            self.assertEqual(line.quantity_collected, 4)
            line.quantity_collected = 1
        result = wizard_form.save().action_confirm()
        self.assertEqual(result["params"]["next"]["res_model"], "b2b.waybill.collect")
        self.assertEqual(waybill.state, "collected")
        self.assertEqual(waybill.line_ids.mapped("quantity_collected"), [1, 5])
        self.assertEqual(self.order.order_line.mapped("qty_delivered"), [1, 5])
        # scanning it again shows why it cannot be handed over twice
        wizard_form = Form(self.env["b2b.waybill.collect"].with_user(self.storekeeper))
        wizard_form.scan = waybill.name
        self.assertIn("уже выдан", wizard_form.warning)
        with self.assertRaisesRegex(UserError, "уже выдан"):
            wizard_form.save().action_confirm()

    def test_access_rights(self):
        waybill = self._issue({self.line_block.id: 4})
        # the client's staff read their company's waybills, not another client's
        self.assertEqual(self.env["b2b.waybill"].with_user(self.users["viewer"]).search([]), waybill)
        self.assertFalse(self.env["b2b.waybill"].with_user(self.other_admin).search([]))
        # portal users cannot change a waybill or hand goods over to themselves
        with self.assertRaises(AccessError):
            waybill.with_user(self.buyer).write({"state": "collected"})
        with self.assertRaises(AccessError):
            waybill.with_user(self.buyer)._b2b_collect({})
        self.assertEqual(waybill.state, "issued")
        with self.assertRaises(UserError):
            waybill.unlink()

    def test_torg12_data_and_pdfs(self):
        waybill = self._issue({self.line_block.id: 4, self.line_spiral.id: 5})
        picking = self._collect(waybill, {waybill.line_ids[0].id: 3})
        data = picking._b2b_torg12_data()
        self.assertEqual(data["consignee"], self.order.partner_shipping_id)
        self.assertEqual(data["supplier"], self.company.partner_id)
        self.assertEqual([(ln["code"], ln["quantity"]) for ln in data["lines"]], [("CB-1", 3), ("SP-1", 5)])
        block = data["lines"][0]
        self.assertEqual(block["price"], 120.0)
        self.assertEqual(block["amount_untaxed"], 360.0)
        self.assertEqual(block["vat_rate"], "20%")
        self.assertEqual(block["vat"], 72.0)
        self.assertEqual(block["amount_total"], 432.0)
        self.assertAlmostEqual(block["weight"], 1.2)
        self.assertEqual(data["totals"]["amount_untaxed"], 410.0)
        self.assertEqual(data["totals"]["amount_total"], 492.0)
        self.assertEqual(data["totals"]["quantity"], 8)

        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html("b2b_waybill.action_report_torg12", picking.ids)[0].decode()
        self.assertIn("o_b2b_torg12", html)
        self.assertEqual(html.count('class="o_torg12_line"'), 2)
        self.assertRegex(html, r"492[.,]00")
        html = Report._render_qweb_html("b2b_waybill.action_report_b2b_waybill", waybill.ids)[0].decode()
        self.assertIn(waybill.name, html)
        self.assertIn("data:image/png;base64,", html)  # the Code 128 barcode of the number
        self.assertIn(self.order.partner_shipping_id.name, html)

        Report = Report.with_context(force_report_rendering=True)
        for report, records in (
            ("b2b_waybill.action_report_b2b_waybill", waybill),
            ("b2b_waybill.action_report_torg12", picking),
        ):
            pdf, kind = Report._render_qweb_pdf(report, records.ids)
            self.assertEqual(kind, "pdf")
            self.assertTrue(pdf.startswith(b"%PDF"), report)
