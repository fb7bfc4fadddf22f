from odoo import Command
from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import get_translation


class B2bOrderCommon(B2bTestCommon):
    @classmethod
    def _b2b_order_setup(cls):
        cls._b2b_setup()
        # with b2b_pricing, a client without turnover may see (and order) only the stock floor;
        # these tests order from the free stock itself
        cls.env["ir.config_parameter"].set_param("b2b_pricing.stock_floor", "1000000")
        cls.buyer = cls.client_users["buyer"]
        cls.product_none = cls._b2b_make_product("Нет на складе", code="T-NONE", price=10.0)
        cls.distributor = cls._b2b_make_distributor()

    def _t(self, source, module=None, **kw):
        """A message as the users see it (the test database speaks Russian only); `module` is
        the add-on whose code says it, when it is not this test's."""
        if module:
            return get_translation(module, "ru_RU", source, kw)
        return self.env(context=dict(self.env.context, lang="ru_RU"))._(source, **kw)

    def _state_label(self, state):
        env = self.env(context=dict(self.env.context, lang="ru_RU"))
        return dict(env["sale.order"]._fields["b2b_reservation_state"]._description_selection(env))[state]

    def _order(self, lines, user=None, ref=None):
        user = user or self.buyer
        order = self.env["sale.order"]._b2b_draft_for_user(user, create=True)
        for product, qty in lines:
            order._b2b_add_product(product, qty)
        if ref:
            order._b2b_set_line_quantities({}, reference=ref)
        return order

    def _sent(self, lines, **kw):
        order = self._order(lines, **kw)
        self.assertTrue(order._b2b_submit())
        return order.sudo()

    def _sent_short(self, lines, **kw):
        """Send `lines` as if the stock had been there when the client ordered, then lose it
        to another client before the reservation job runs (an order may hold at most what the
        client sees, so a partial or refused result needs stock to go meanwhile)."""
        self._move_stock(lines, 1)
        order = self._sent(lines, **kw)
        self._move_stock(lines, -1)
        return order

    def _move_stock(self, lines, sign):
        for product, qty in lines:
            self.env["stock.quant"]._update_available_quantity(product, self.stock_location, sign * qty)

    def _run_job(self):
        self.env["sale.order"]._b2b_cron_reserve()

    def _mails(self, order, template):
        template = self.env.ref(template).with_context(lang="ru_RU")  # the users' language
        subject = template._render_field("subject", order.ids)[order.id]
        return self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id), ("subject", "=", subject)]
        )


@tagged("post_install", "-at_install")
class TestOrderReservation(B2bOrderCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_order_setup()

    def test_submit_is_idempotent_and_freezes_the_order(self):
        empty = self.env["sale.order"]._b2b_draft_for_user(self.buyer, create=True)
        with self.assertRaises(UserError):
            empty._b2b_submit()
        self.assertEqual(empty.sudo().b2b_reservation_state, "draft")
        order = self._order([(self.product_a, 3)], ref="WEB-1001")
        self.assertEqual(order, empty)
        self.assertTrue(order._b2b_submit())
        self.assertEqual(order.sudo().b2b_reservation_state, "pending")
        self.assertEqual(order.sudo().state, "draft")
        # a second click or a replayed request changes nothing
        self.assertFalse(order._b2b_submit())
        self.assertEqual(order.sudo().b2b_reservation_state, "pending")
        self.assertEqual(len(order.sudo().order_line), 1)
        with self.assertRaises(UserError):
            order._b2b_add_product(self.product_a, 1)
        with self.assertRaises(UserError):
            order._b2b_set_line_quantities({order.sudo().order_line.id: 10})
        # the next product goes on a new draft
        self.assertFalse(self.env["sale.order"]._b2b_draft_for_user(self.buyer))
        self.assertNotEqual(self.env["sale.order"]._b2b_draft_for_user(self.buyer, create=True), order)
        # the job is woken up
        cron = self.env.ref("b2b_sale.ir_cron_b2b_reservation")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

    def test_line_quantities_and_reference(self):
        order = self._order([(self.product_a, 3), (self.product_b, 100)])
        line_a, line_b = order.sudo().order_line.sorted(lambda l: l.product_id != self.product_a)
        a, b = self.product_a, self.product_b
        self.assertGreater(order.sudo().b2b_weight, 0)
        self.assertAlmostEqual(order.sudo().b2b_weight, 3 * a.weight + 100 * b.weight)
        self.assertAlmostEqual(order.sudo().b2b_volume, 3 * a.volume + 100 * b.volume)
        for bad in ({line_a.id: -1}, {line_a.id: "abc"}, {line_a.id: 5, 999999: 1}):
            with self.subTest(quantities=bad), self.assertRaises(UserError):
                order._b2b_set_line_quantities(bad, reference="X")
        self.assertEqual(line_a.product_uom_qty, 3)
        self.assertFalse(order.sudo().client_order_ref)
        with self.assertRaises(UserError):
            order._b2b_set_line_quantities({}, reference="x" * 65)
        order._b2b_set_line_quantities({line_a.id: "7,5", line_b.id: 0}, reference=" WEB-7 ")
        self.assertEqual(order.sudo().order_line, line_a)
        self.assertEqual(line_a.product_uom_qty, 7.5)
        self.assertEqual(order.sudo().client_order_ref, "WEB-7")

    def test_reserved(self):
        order = self._sent([(self.product_a, 10), (self.product_b, 500)], ref="WEB-1")
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "reserved")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.mapped("b2b_qty_reserved"), [10, 500])
        self.assertEqual(self.product_a.with_context(warehouse_id=False).free_qty, 90)
        mail = self._mails(order, "b2b_sale.mail_template_b2b_reservation")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.buyer.partner_id)
        self.assertIn("WEB-1", mail.subject)
        self.assertIn(self._state_label("reserved"), mail.subject)
        self.assertIn(order.name, mail.body_html)
        # a second run does nothing more
        self._run_job()
        self.assertEqual(len(self._mails(order, "b2b_sale.mail_template_b2b_reservation")), 1)

    def _take_stock(self, product, qty):
        """Another client's delivery takes `qty` after our orders were sent."""
        self.env["stock.quant"]._update_available_quantity(product, self.stock_location, -qty)

    def test_partial_and_refused(self):
        self.env["stock.quant"]._update_available_quantity(self.product_none, self.stock_location, 5)
        partial = self._sent([(self.product_a, 90), (self.product_b, 10)])
        refused = self._sent([(self.product_none, 5)], user=self.client_users["admin"])
        self._take_stock(self.product_a, 20)
        self._take_stock(self.product_none, 5)
        self._run_job()
        self.assertEqual(partial.b2b_reservation_state, "partial")
        line_a = partial.order_line.filtered(lambda l: l.product_id == self.product_a)
        self.assertEqual(line_a.b2b_qty_reserved, 80)
        self.assertIn(
            self._state_label("partial"), self._mails(partial, "b2b_sale.mail_template_b2b_reservation").subject
        )
        # nothing is left reserved nor waiting for the refused order
        self.assertEqual(refused.b2b_reservation_state, "refused")
        self.assertEqual(refused.state, "draft")
        self.assertEqual(set(refused.picking_ids.mapped("state")), {"cancel"})
        self.assertTrue(self._mails(refused, "b2b_sale.mail_template_b2b_reservation"))
        # a refused order is not the user's draft, and may be sent again or cancelled
        self.assertNotEqual(self.env["sale.order"]._b2b_draft_for_user(self.client_users["admin"]), refused)
        self.env["stock.quant"]._update_available_quantity(self.product_none, self.stock_location, 5)
        self.assertTrue(refused.with_user(self.client_users["admin"])._b2b_submit())
        self._run_job()
        self.assertEqual(refused.b2b_reservation_state, "reserved")
        self.assertEqual(refused.state, "sale")
        self.env["stock.quant"]._update_available_quantity(self.product_none, self.stock_location, 1)
        again = self._sent([(self.product_none, 1)], user=self.client_users["admin"])
        self._take_stock(self.product_none, 1)
        self._run_job()
        self.assertEqual(again.b2b_reservation_state, "refused")
        self.assertTrue(again._b2b_cancel_refused())
        self.assertEqual(again.state, "cancel")
        self.assertFalse(again._b2b_cancel_refused())
        self.assertFalse(partial._b2b_cancel_refused())

    def test_external_master_writes_the_state(self):
        self.env["ir.config_parameter"].set_param("b2b_portal.external_accounting_master", "1")
        order = self._sent([(self.product_a, 10)])
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "pending")
        self.assertEqual(order.state, "draft")
        order.write({"b2b_reservation_state": "reserved"})
        self.assertEqual(len(self._mails(order, "b2b_sale.mail_template_b2b_reservation")), 1)
        # the payment state is the external system's too
        order.write({"b2b_payment_state": "paid"})
        self.env["sale.order"]._b2b_cron_paid_notice()
        self.assertTrue(self._mails(order, "b2b_sale.mail_template_b2b_paid"))

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": amount}
        )._create_payments()

    def test_payment_state_and_paid_notice_once(self):
        order = self._sent([(self.product_a, 10)])
        self._run_job()
        self.assertEqual(order.b2b_payment_state, "not_paid")
        invoice = order._create_invoices()
        self.assertEqual(order.b2b_payment_state, "not_paid")
        invoice.action_post()
        self.assertEqual(order.b2b_payment_state, "not_paid")
        self._pay(invoice, invoice.amount_total / 2)
        self.assertEqual(order.b2b_payment_state, "partial")
        self.env["sale.order"]._b2b_cron_paid_notice()
        self.assertFalse(self._mails(order, "b2b_sale.mail_template_b2b_paid"))
        self._pay(invoice, invoice.amount_residual)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.b2b_payment_state, "paid" if invoice.payment_state == "paid" else "partial")
        if invoice.payment_state == "in_payment":
            # reconcile the outstanding payment as the bank statement would
            invoice.payment_state = "paid"
            self.assertEqual(order.b2b_payment_state, "paid")
        self.env["sale.order"]._b2b_cron_paid_notice()
        mail = self._mails(order, "b2b_sale.mail_template_b2b_paid")
        self.assertEqual(len(mail), 1)
        expected = (self.client_users["admin"] | self.client_users["accountant"] | self.buyer).partner_id
        self.assertEqual(mail.recipient_ids, expected)
        self.assertTrue(order.b2b_paid_notified)
        self.env["sale.order"]._b2b_cron_paid_notice()
        self.assertEqual(len(self._mails(order, "b2b_sale.mail_template_b2b_paid")), 1)
        # an order placed by the distributor's staff (not in the portal) sends no «Paid» notice
        staff = self.env["sale.order"].create(
            {"partner_id": self.client.id, "order_line": [Command.create({"product_id": self.product_b.id})]}
        )
        staff.action_confirm()
        staff_invoice = staff._create_invoices()
        staff_invoice.action_post()
        self._pay(staff_invoice, staff_invoice.amount_total)
        staff_invoice.payment_state = "paid"
        self.assertEqual(staff.b2b_payment_state, "paid")
        self.env["sale.order"]._b2b_cron_paid_notice()
        self.assertFalse(self._mails(staff, "b2b_sale.mail_template_b2b_paid"))

    def _paid_notice_queued(self):
        cron = self.env.ref("b2b_sale.ir_cron_b2b_paid_notice")
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])

    def test_paid_notice_is_queued_by_the_paid_invoice_not_by_the_compute(self):
        order = self._sent([(self.product_a, 10)])
        self._run_job()
        invoice = order._create_invoices()
        invoice.action_post()
        queued = self._paid_notice_queued()
        self._pay(invoice, invoice.amount_total / 2)
        self.assertEqual(order.b2b_payment_state, "partial")
        self.assertEqual(self._paid_notice_queued(), queued)
        self._pay(invoice, invoice.amount_residual)
        self.assertEqual(invoice.payment_state, "paid")  # Community Odoo: no «in payment» step
        self.assertEqual(order.b2b_payment_state, "paid")
        self.assertEqual(self._paid_notice_queued(), queued + 1)
        # the compute running again for other reasons (a recomputation, the invoice's payment
        # state written once more, a draft credit note) queues nothing more; the e-mail goes once
        queued = self._paid_notice_queued()
        self.env.add_to_compute(order._fields["b2b_payment_state"], order)
        order._recompute_recordset(["b2b_payment_state"])
        self.assertEqual(self._paid_notice_queued(), queued, "recompute")
        invoice.payment_state = "paid"
        self.assertEqual(order.b2b_payment_state, "paid")
        self.assertEqual(self._paid_notice_queued(), queued, "payment state written")
        invoice._reverse_moves()
        self.env.flush_all()
        self.assertEqual(order.b2b_payment_state, "paid")
        self.assertEqual(self._paid_notice_queued(), queued, "credit note")
        self.env["sale.order"]._b2b_cron_paid_notice()
        self.assertEqual(len(self._mails(order, "b2b_sale.mail_template_b2b_paid")), 1)

    def test_payment_invoice_data(self):
        tax = self.env["account.tax"].create(
            {"name": "НДС 20%", "amount": 20, "price_include_override": "tax_included"}
        )
        (self.product_a | self.product_b).taxes_id = tax
        # a Russian invoice in roubles (the amount in words follows the order's currency)
        rub = self.env.ref("base.RUB")
        rub.active = True
        self.client.property_product_pricelist = self.env["product.pricelist"].create(
            {"name": "Рубли", "currency_id": rub.id}
        )
        order = self._sent_short([(self.product_a, 150), (self.product_b, 10)], ref="WEB-77")
        self.assertEqual(order.currency_id, rub)
        self.assertFalse(order._b2b_can_print_payment_invoice())
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "partial")
        self.assertTrue(order._b2b_can_print_payment_invoice())
        data = order._b2b_payment_invoice_data()
        supplier, buyer = data["requisites"]["supplier"], data["requisites"]["buyer"]
        self.assertEqual(supplier["inn"], self.distributor.partner_id.vat)
        self.assertEqual(len(supplier["inn"]), 10)
        self.assertEqual(supplier["kpp"], "774301001")
        self.assertEqual(supplier["bik"], "044525225")
        self.assertEqual(data["buyer"], self.client)
        self.assertEqual(buyer["inn"], self.client.vat)
        self.assertEqual(data["reference"], "WEB-77")
        # partial: the invoice covers the reserved quantities only
        self.assertEqual([line["qty"] for line in data["lines"]], [100, 10])
        line_a = order.order_line.filtered(lambda l: l.product_id == self.product_a)
        self.assertAlmostEqual(data["lines"][0]["total"], line_a.price_total * 100 / 150)
        self.assertAlmostEqual(data["total"], 100 * 100.0 + 10 * 2.5)
        self.assertAlmostEqual(data["tax"], round(10000 / 6, 2) + round(25 / 6, 2))
        self.assertEqual(data["words"], "Десять тысяч двадцать пять рублей 00 копеек")
        html = self.env["ir.actions.report"]._render_qweb_html("b2b_sale.action_report_b2b_payment_invoice", order.ids)[
            0
        ]
        html = html.decode()
        for text in (supplier["inn"], "774301001", "40702810938000000001", "ООО «Альфа»", "WEB-77", "Десять тысяч"):
            self.assertIn(text, html)
        # the shared layer: Russian short units, no empty address parts, no code repeated in the name
        self.assertIn("<td>шт</td>", html)
        self.assertNotIn(", ,", html)
        self.assertNotIn("[T-A5]", html)

    def test_odoo_portal_signature_and_payment_are_off(self):
        self.env.company.portal_confirmation_sign = True
        order = self._sent([(self.product_a, 1)])
        order.require_signature = True
        self.assertFalse(order._has_to_be_signed())
        self.assertFalse(order._has_to_be_paid())
        ordinary = self.env["sale.order"].create(
            {"partner_id": self.client.id, "order_line": [Command.create({"product_id": self.product_a.id})]}
        )
        ordinary.require_signature = True
        self.assertTrue(ordinary._has_to_be_signed())
