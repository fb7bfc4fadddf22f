from odoo import http
from odoo.addons.b2b_portal.tests.common import B2bTestCommon, make_inn
from odoo.tests import HttpCase, tagged
from odoo.tools.translate import get_translation


@tagged("post_install", "-at_install")
class TestDemoInvoice(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls.visitor_inn = make_inn()  # what the visitor types: the INN of a company that is not a client

    def _post(self, data):
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open("/b2b/demo-invoice", data=data)

    def _form(self, **kw):
        values = {
            f"qty_{self.product_a.id}": "3",
            f"qty_{self.product_b.id}": "100",
            "email": "Visitor@Example.com",
            "name": "Иван Петров",
            "company_name": "ООО «Гамма»",
            "vat": self.visitor_inn,
            "action": "send",
        }
        values.update(kw)
        return values

    def _t(self, source, module=None, **kw):
        """A message as the users see it (the test database speaks Russian only); `module` is
        the add-on whose code says it, when it is not this test's."""
        if module:
            return get_translation(module, "ru_RU", source, kw)
        return self.env(context=dict(self.env.context, lang="ru_RU"))._(source, **kw)

    def test_search_with_nul(self):
        # found by the fuzz suite: PostgreSQL refused the NUL in the product search (500)
        self.authenticate(None, None)
        response = self.url_open("/b2b/demo-invoice?search=abc%00def")
        self.assertEqual(response.status_code, 200)
        response = self._post({"search": "T-A5\x00", f"qty_{self.product_a.id}": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("T-A5", response.text)
        self.assertFalse(self._demo_orders())

    def _demo_orders(self):
        return self.env["sale.order"].search([("b2b_demo_request", "=", True)])

    def test_page_shows_base_prices_without_stock(self):
        self.authenticate(None, None)
        response = self.url_open("/b2b/demo-invoice")
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-sku="T-A5"', response.text)
        self.assertIn("100,00", response.text)
        self.assertNotIn("free_qty", response.text)
        self.assertIn('name="website_url"', response.text)  # the honeypot
        response = self._post(self._form(action="calc"))
        self.assertIn("550,00", response.text)  # 3 × 100 + 100 × 2.5
        weight = 3 * self.product_a.weight + 100 * self.product_b.weight
        # in the visitor's language: a decimal comma, as the prices have
        self.assertIn('o_b2b_demo_weight">%s<' % ("%.3f" % weight).replace(".", ","), response.text)
        self.assertIn('text-nowrap">%s<' % ("%g" % self.product_a.weight).replace(".", ","), response.text)
        self.assertNotIn('text-nowrap">%g<' % self.product_a.weight, response.text)
        self.assertFalse(self._demo_orders())
        self.assertFalse(self.env["mail.mail"].search([("email_to", "ilike", "visitor@example.com")]))

    def test_request_creates_prospect_quotation_and_mail_with_pdf(self):
        self.authenticate(None, None)
        users_before = self.env["res.users"].with_context(active_test=False).search_count([])
        response = self._post(self._form())
        self.assertIn("o_b2b_demo_sent", response.text)
        order = self._demo_orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id.email, "visitor@example.com")
        self.assertEqual(order.partner_id.parent_id.name, "ООО «Гамма»")
        self.assertEqual(order.partner_id.parent_id.vat, self.visitor_inn)
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [3, 100])
        self.assertEqual(order.order_line[0].price_unit, 100.0)
        self.assertEqual(self.env["res.users"].with_context(active_test=False).search_count([]), users_before)
        mail = self.env["mail.mail"].search([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, order.partner_id)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertIn(order.name, mail.attachment_ids.name)
        self.assertIn(self.visitor_inn.encode(), mail.attachment_ids.raw)  # the buyer's INN on the invoice
        self.assertIn("o_b2b_demo_banner", mail.attachment_ids.raw.decode())

    def test_bad_input_sends_nothing(self):
        self.authenticate(None, None)
        cases = [
            (self._form(email="not-an-email"), "Enter a valid e-mail address: the invoice is sent there."),
            (self._form(name=""), "Enter your name."),
            (self._form(vat="1234567890"), "The INN is not valid: 10 digits for a company, 12 for an entrepreneur."),
            (
                self._form(**{f"qty_{self.product_a.id}": "-1"}),
                ("The quantity must be greater than zero.", "b2b_portal"),
            ),
            (
                self._form(**{f"qty_{self.product_a.id}": "", f"qty_{self.product_b.id}": ""}),
                "Pick at least one product and enter its quantity.",
            ),
            (self._form(**{"qty_999999": "1"}), "A product you picked is no longer available."),
            (self._form(**{f"qty_{self.product_a.id}": "nan"}), ("Enter the quantity as a number.", "b2b_portal")),
            (self._form(**{f"qty_{self.product_a.id}": "9" * 400}), ("The quantity is too large.", "b2b_portal")),
            (self._form(**{"qty_99999999999": "1"}), "A product you picked is no longer available."),
        ]
        for form, message in cases:
            message, module = message if isinstance(message, tuple) else (message, None)
            with self.subTest(message=message):
                response = self._post(form)
                self.assertEqual(response.status_code, 200)
                self.assertIn(self._t(message, module=module), response.text)
        # a cap on lines
        many = self.env["product.product"].create([{"name": f"P{i}", "default_code": f"P{i}"} for i in range(31)])
        response = self._post(self._form(**{f"qty_{p.id}": "1" for p in many}))
        self.assertIn(self._t("A demo invoice can have at most %(max)s lines.", max=30), response.text)
        # the honeypot: looks like success to a robot, creates and sends nothing
        response = self._post(self._form(website_url="http://spam.example"))
        self.assertIn("o_b2b_demo_sent", response.text)
        self.assertFalse(self._demo_orders())
        self.assertFalse(self.env["mail.mail"].search([("email_to", "ilike", "visitor@example.com")]))
        self.assertFalse(self.env["res.partner"].search([("email", "=", "visitor@example.com")]))

    def test_rate_limits(self):
        self.authenticate(None, None)
        for i in range(3):
            self.assertIn("o_b2b_demo_sent", self._post(self._form()).text, i)
        too_many = self._t(
            "Too many demo invoices were requested from this address or for this e-mail. Try again later."
        )
        response = self._post(self._form())
        self.assertIn(too_many, response.text)
        self.assertEqual(len(self._demo_orders()), 3)
        # other e-mails from the same address: 5 an hour
        self._post(self._form(email="second@example.com"))
        self._post(self._form(email="third@example.com"))
        response = self._post(self._form(email="fourth@example.com"))
        self.assertIn(too_many, response.text)
        self.assertEqual(len(self._demo_orders()), 5)

    def test_portal_users_see_the_page_too(self):
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        self.assertEqual(self.url_open("/b2b/demo-invoice").status_code, 200)

    def test_junk_addresses_are_refused(self):
        self.authenticate(None, None)
        for email in ("<script>@x", "a@b", "Ivan <ivan@example.com>", "x@example.com\nBcc: y@example.com"):
            with self.subTest(email=email):
                response = self._post(self._form(email=email))
                self.assertIn(self._t("Enter a valid e-mail address: the invoice is sent there."), response.text)
        self.assertFalse(self._demo_orders())
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "sale.order")]))

    def test_tagged_addresses_count_as_one_mailbox(self):
        self.authenticate(None, None)
        for email in ("visitor@example.com", "Visitor+1@example.com", "visitor+news@Example.com"):
            self.assertIn("o_b2b_demo_sent", self._post(self._form(email=email)).text, email)
        response = self._post(self._form(email="visitor+again@example.com"))
        self.assertNotIn("o_b2b_demo_sent", response.text)
        self.assertEqual(len(self._demo_orders()), 3)

    def test_site_wide_daily_cap_and_ipv6_networks(self):
        params = self.env["ir.config_parameter"]
        params.set_param("b2b_portal.demo_invoice_limit_day", "4")
        SaleOrder = self.env["sale.order"]
        # one IPv6 /64 is one visitor however it rotates its addresses (5 an hour)
        results = [SaleOrder._b2b_demo_rate_exceeded(f"2001:db8:5:6::{i:x}", f"v{i}@example.com") for i in range(5)]
        self.assertEqual(results, [False, False, False, False, True], "the fifth is over the site's cap of 4")
        params.set_param("b2b_portal.demo_invoice_limit_day", "0")  # 0: no site-wide cap
        self.assertFalse(SaleOrder._b2b_demo_rate_exceeded("2001:db8:5:6::ff", "v9@example.com"))
        self.assertTrue(SaleOrder._b2b_demo_rate_exceeded("2001:db8:5:6:aaaa::1", "v10@example.com"))
        self.assertFalse(SaleOrder._b2b_demo_rate_exceeded("2001:db8:5:7::1", "v11@example.com"))

    def test_visitor_text_is_not_echoed_in_the_mail(self):
        self.authenticate(None, None)
        name = "Ваш счёт заблокирован, звоните +7 900 000-00-00"
        self._post(self._form(name=name, company_name="Оплатите на карту 2200 0000"))
        mail = self.env["mail.mail"].search([("model", "=", "sale.order")])
        self.assertEqual(len(mail), 1)
        self.assertNotIn("заблокирован", mail.body_html)
        self.assertNotIn("заблокирован", mail.subject)
        self.assertEqual(self._demo_orders().partner_id.name, name, "the prospect's name stays for the manager")
