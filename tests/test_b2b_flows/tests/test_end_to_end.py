import html
import re
from datetime import timedelta
from urllib.parse import urlparse

from lxml import html as lxml_html

from odoo import Command, fields
from odoo.addons.b2b_portal.tests.common import B2bTestCommon, registration_post
from odoo.addons.b2b_reconciliation.tests.common import xlsx_cells
from odoo.tests import Form, HttpCase, tagged

PASSWORD = "Kalendar-Opt-2026"


@tagged("post_install", "-at_install")
class TestEndToEnd(B2bTestCommon, HttpCase):
    """A company's life in the cabinet, across the add-ons, as its people and the distributor's
    staff would live it: the client's steps over HTTP with the forms' own fields and CSRF tokens,
    the back-office steps through the ORM as the manager, the storekeeper and the accountant, the
    background jobs through the methods their crons call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distributor = cls._b2b_make_distributor()
        cls.manager = cls._b2b_make_staff("manager")
        cls.storekeeper = cls._b2b_make_staff("storekeeper")
        cls.accountant = cls._b2b_make_staff("accountant")
        set_param = cls.env["ir.config_parameter"].sudo().set_param
        set_param("b2b_portal.registration_approval", "True")
        set_param("b2b_pricing.consignment_markup", 10)
        set_param("b2b_pricing.installment_markup", 1.5)
        cls.product = cls._b2b_make_product(
            "Блок календарный квартальный", code="E2E-Q1", qty=50, price=500.0, weight=0.3, invoice_policy="order"
        )
        cls.today = fields.Date.context_today(cls.env["b2b.reconciliation.act"])

    # ------------------------------------------------------------------ the browser

    def _get(self, url, status=200):
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, status, f"GET {url}: {response.text[:1000]}")
        return response

    def _form(self, response, action):
        """The fields of the page's form that posts to `action`, as the browser sends them
        (hidden CSRF and request tokens included)."""
        tree = lxml_html.fromstring(response.content)
        here = urlparse(response.url).path  # where a form without an action posts
        forms = [form for form in tree.forms if (form.get("action") or here).split("?")[0] == action]
        self.assertTrue(forms, f"no form to {action} on the page")
        return dict(forms[0].form_values())

    def _submit(self, response, action, status=303, **fields):
        data = {**self._form(response, action), **fields}
        self.assertIn("csrf_token", data)
        response = self.url_open(action, data=data, allow_redirects=False)
        self.assertEqual(response.status_code, status, f"POST {action}: {response.text[:1000]}")
        return response

    def _follow(self, response):
        """The page a redirect leads to."""
        location = urlparse(response.headers["Location"])
        return self._get(location.path + (f"?{location.query}" if location.query else ""))

    def _take_session_cookie(self, response):
        """Keep the session the server opened on sign-in, as a browser does: the test opener's
        own session cookie has no domain and would otherwise be sent before the new one."""
        sid = response.cookies["session_id"]
        for cookie in [c for c in self.opener.cookies if c.name == "session_id"]:
            self.opener.cookies.clear(cookie.domain, cookie.path, cookie.name)
        self.opener.cookies["session_id"] = sid

    def _text(self, response):
        """What the user reads on the page (no markup, spaces collapsed)."""
        main = lxml_html.fromstring(response.content).xpath("//main") or [lxml_html.fromstring(response.content)]
        return " ".join(main[0].text_content().split())

    def _price_in_catalog(self):
        catalog = self._get("/my/b2b/catalog?search=E2E-Q1")
        (row,) = lxml_html.fromstring(catalog.content).xpath(f"//tr[@data-product-id='{self.product.id}']")
        return " ".join(row.xpath("string(.//td[contains(@class, 'o_b2b_price')])").split())

    def _mails(self, record):
        return self.env["mail.mail"].search([("model", "=", record._name), ("res_id", "=", record.id)])

    # ------------------------------------------------------------------ the flow

    def test_register_order_pay_collect_reconcile(self):
        client, admin = self._register()
        self._approve(client, admin)
        contract = self._sign_contract(client)
        order = self._order(admin, contract)
        self._reserve(order)
        invoice = self._pay(order)
        waybill = self._collect(order)
        self._reconcile(client, order, invoice, waybill)

    def _register(self):
        """A visitor registers the company, then sets the password from the e-mail."""
        self.authenticate(None, None)
        post = registration_post()
        form = self._get("/b2b/register")
        done = self._follow(self._submit(form, "/b2b/register", **post))
        self.assertIn("Спасибо, заявка на регистрацию отправлена", self._text(done))
        self.assertIn(post["email"], self._text(done))
        client = self.env["res.partner"].search([("vat", "=", post["inn"]), ("is_company", "=", True)])
        self.assertEqual((client.name, client.b2b_approval_state), (post["company_name"], "pending"))
        numbers = (client.b2b_kpp, client.b2b_ogrn, client.b2b_bank_account)
        self.assertEqual(numbers, (post["kpp"], post["ogrn"], post["account"]))
        admin = self.env["res.users"].search([("login", "=", post["email"])])
        self.assertEqual((admin._b2b_client(), admin._b2b_role()), (client, "admin"))
        # the e-mail with the link to set the password is queued
        (mail,) = self.env["mail.mail"].search([("email_to", "ilike", post["email"])])
        link = urlparse(html.unescape(re.search(r'href="([^"]*/web/signup\?[^"]*)"', mail.body_html).group(1)))
        signup = self._get(f"{link.path}?{link.query}")
        home = self._submit(signup, "/web/signup", password=PASSWORD, confirm_password=PASSWORD)
        self.assertIn("/my", home.headers["Location"])
        self._take_session_cookie(home)
        credential = {"type": "password", "password": PASSWORD}
        self.assertTrue(admin.with_user(admin)._check_credentials(credential, {"interactive": True}))
        # signed in: the cabinet says the company waits for approval, ordering is refused
        self.assertIn("o_b2b_pending", self._get("/my").text)
        catalog = self._get("/my/b2b/catalog")
        self.assertIn("E2E-Q1", self._text(catalog))
        self.assertNotIn("o_b2b_add_form", catalog.text)
        return client, admin

    def _approve(self, client, admin):
        """A B2B manager gets the approval task and approves the company in the back office."""
        self.assertIn(self.manager, client.activity_ids.user_id)
        client.with_user(self.manager).action_b2b_approve()
        self.assertEqual(client.b2b_approval_state, "approved")
        self.assertTrue(admin._b2b_has_right("orders", write=True))
        self.assertNotIn("o_b2b_pending", self._get("/my").text)
        # no contract yet: base prices, and no self-service waybills
        self.assertIn("500,00", self._price_in_catalog())
        self.assertIn("договором комиссии", self._text(self._get("/my/b2b/waybills", status=403)))

    def _sign_contract(self, client):
        """The manager enters the consignment contract: 5 % discount, 10 % consignment markup."""
        contract = (
            self.env["b2b.contract"]
            .with_user(self.manager)
            .create(
                {
                    "name": "К-2026/17",
                    "partner_id": client.id,
                    "contract_type": "consignment",
                    "discount_percent": 5,
                }
            )
        )
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        return contract

    def _order(self, admin, contract):
        """The catalog shows the contract price; the client orders from it and sends the order."""
        self.assertIn("522,50", self._price_in_catalog())  # 500 × 1.10 × 0.95
        self.assertAlmostEqual(contract.pricelist_id._get_product_price(self.product, 1), 522.5)
        catalog = self._get("/my/b2b/catalog?search=E2E-Q1")
        # the catalog's one form: the row's button names the product, its box the quantity
        back = self._submit(catalog, "/my/b2b/order/add", add=str(self.product.id), **{f"qty_{self.product.id}": "5"})
        self.assertIn("/my/b2b/catalog", back.headers["Location"])
        page = self._get("/my/b2b/order")
        (line,) = lxml_html.fromstring(page.content).xpath("//tr[@data-sku]")
        self.assertEqual(line.get("data-sku"), "E2E-Q1")
        self.assertIn("522,50", line.text_content())
        self.assertEqual(line.xpath("string(.//input[starts-with(@name, 'qty_')]/@value)"), "5")
        order_page = self._follow(self._submit(page, "/my/b2b/order/submit"))
        self.assertIn("Заказ отправлен на резерв", self._text(order_page))
        self.assertIn("o_b2b_reservation_pending", order_page.text)
        order = self.env["sale.order"].search([("b2b_portal_user_id", "=", admin.id)])
        self.assertEqual((order.b2b_reservation_state, order.state), ("pending", "draft"))
        self.assertEqual(order.pricelist_id, contract.pricelist_id)
        self.assertEqual(order.order_line.price_unit, 522.5)
        self.assertFalse(order._b2b_can_print_payment_invoice())
        return order

    def _reserve(self, order):
        """The reservation job reserves the goods; the client sees it and gets the payment invoice."""
        self.assertEqual(self.product.with_context(warehouse_id=False).free_qty, 50)
        self.env.ref("b2b_sale.ir_cron_b2b_reservation").method_direct_trigger()
        self.assertEqual((order.b2b_reservation_state, order.state), ("reserved", "sale"))
        self.assertEqual(self.product.with_context(warehouse_id=False).free_qty, 45)
        self.assertEqual(order.picking_ids.state, "assigned")
        self.assertTrue(self._mails(order), "the client is told by e-mail")
        page = self._get(f"/my/orders/{order.id}")
        self.assertIn("o_b2b_reservation_reserved", page.text)
        self.assertIn("Счёт на оплату (PDF)", self._text(page))
        (href,) = lxml_html.fromstring(page.content).xpath("//a[contains(@class, 'o_b2b_payment_invoice')]/@href")
        document = self._get(href)
        self.assertIn("attachment", document.headers["Content-Disposition"])
        data = order.with_context(lang="ru_RU")._b2b_payment_invoice_data()  # as the client reads it
        self.assertAlmostEqual(data["total"], order.amount_total)  # the contract price, VAT included
        for text in (order.name, "E2E-Q1", order.partner_id.commercial_partner_id.vat, data["words"]):
            self.assertIn(text, document.text)

    def _pay(self, order):
        """The manager invoices the order as Odoo's sale flow does, the accountant posts the
        invoice and registers the payment; the order becomes «Оплачен» and the client is told."""
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_user(self.manager)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "delivered"})
        )
        wizard.create_invoices()
        invoice = order.invoice_ids
        self.assertEqual((len(invoice), invoice.state), (1, "draft"))
        self.assertEqual(invoice.invoice_line_ids.price_unit, 522.5)
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(order.b2b_payment_state, "not_paid")
        (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(order.b2b_payment_state, "paid")
        page = self._get(f"/my/orders/{order.id}")
        (badge,) = lxml_html.fromstring(page.content).xpath("//span[contains(@class, 'o_b2b_paid')]")
        self.assertIn("Оплачен", badge.text_content())
        before = self._mails(order)
        self.env.ref("b2b_sale.ir_cron_b2b_paid_notice").method_direct_trigger()
        paid_mail = self._mails(order) - before
        self.assertEqual(len(paid_mail), 1)
        self.assertEqual(paid_mail.state, "outgoing")
        self.assertIn(order.b2b_portal_user_id.partner_id, paid_mail.recipient_ids)
        self.assertTrue(order.b2b_paid_notified)
        return invoice

    def _collect(self, order):
        """The consignment client issues a waybill for the reserved goods; the storekeeper hands
        them over with the collection wizard; the client sees it and gets the TORG-12."""
        listing = self._get("/my/b2b/waybills")
        self.assertIn(f"/my/b2b/waybills/new/{order.id}", listing.text)
        form = self._get(f"/my/b2b/waybills/new/{order.id}")
        self.assertEqual(self._form(form, f"/my/b2b/waybills/new/{order.id}")[f"qty_{order.order_line.id}"], "5.0")
        page = self._follow(self._submit(form, f"/my/b2b/waybills/new/{order.id}"))
        waybill = order.b2b_waybill_ids
        self.assertEqual((waybill.state, waybill.line_ids.quantity), ("issued", 5))
        self.assertIn(waybill.name, self._text(page))
        self.assertIn("Выписана", self._text(page))
        wizard = Form(self.env["b2b.waybill.collect"].with_user(self.storekeeper))
        wizard.scan = waybill.name
        self.assertFalse(wizard.warning)
        self.assertEqual(wizard.waybill_id, waybill)
        wizard.save().action_confirm()
        self.assertEqual(waybill.state, "collected")
        self.assertEqual(order.order_line.qty_delivered, 5)
        self.assertEqual(set(order.picking_ids.mapped("state")), {"done"})
        page = self._get(f"/my/b2b/waybills/{waybill.id}?access_token={waybill.access_token}")
        self.assertIn("Выдана", self._text(page))
        (torg12,) = lxml_html.fromstring(page.content).xpath("//a[contains(@href, '/torg12?')]/@href")
        self.assertEqual(self._get(torg12).headers["Content-Type"], "application/pdf")
        return waybill

    def _reconcile(self, client, order, invoice, waybill):
        """The client requests a reconciliation act; the job makes it; it agrees with the books."""
        # an old debt from before the period, entered by the accountant: the opening balance
        old = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": client.id,
                    "invoice_date": self.today - timedelta(days=45),
                    "invoice_line_ids": [
                        Command.create({"name": "Остаток по договору", "quantity": 1, "price_unit": 700, "tax_ids": []})
                    ],
                }
            )
        )
        old.action_post()
        acts = self._get("/my/b2b/acts")
        date_from, date_to = self.today - timedelta(days=30), self.today
        done = self._submit(
            acts,
            "/my/b2b/acts/request",
            date_from=fields.Date.to_string(date_from),
            date_to=fields.Date.to_string(date_to),
        )
        self.assertIn("Формируется", self._text(self._follow(done)))
        act = self.env["b2b.reconciliation.act"].search([("partner_id", "=", client.id)])
        self.assertEqual((act.state, act.company_id, act.date_to), ("requested", self.distributor, date_to))
        self.env.ref("b2b_reconciliation.ir_cron_b2b_reconciliation_act").method_direct_trigger()
        self.assertEqual(act.state, "done")
        self.assertEqual(act.opening_balance, 700.0)
        self.assertEqual(act.debit_total, invoice.amount_total)
        self.assertEqual(act.credit_total, invoice.amount_total)
        self.assertEqual(act.closing_balance, self._ledger_balance(client, date_to))
        self.assertEqual(act.closing_balance, 700.0)
        self.assertEqual(act.opening_balance, self._ledger_balance(client, date_from - timedelta(days=1)))
        self.assertTrue(self._mails(act), "the requester is told by e-mail")
        page = self._get("/my/b2b/acts")
        self.assertIn("Готово", self._text(page))
        tree = lxml_html.fromstring(page.content)
        (pdf,) = tree.xpath(f"//tr[@data-act-id='{act.id}']//a[contains(@class, 'o_b2b_act_pdf')]/@href")
        (xlsx,) = tree.xpath(f"//tr[@data-act-id='{act.id}']//a[contains(@class, 'o_b2b_act_xlsx')]/@href")
        self.assertIn(".pdf", self._get(pdf).headers["Content-Disposition"])
        cells = xlsx_cells(self._get(xlsx).content)
        self.assertIn(700.0, cells.values())
        self.assertIn(invoice.amount_total, cells.values())

    def _ledger_balance(self, client, date_to):
        """The books: Odoo's grouping of the client's receivable and payable items."""
        [(balance,)] = self.env["account.move.line"]._read_group(
            [
                ("partner_id", "child_of", client.id),
                ("company_id", "=", self.distributor.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "in", ("asset_receivable", "liability_payable")),
                ("date", "<=", date_to),
            ],
            [],
            ["balance:sum"],
        )
        return balance


@tagged("post_install", "-at_install")
class TestEndToEndSecondCompany(TestEndToEnd):
    """The same life with the distributor as a second company of the database, not Odoo's main one
    (which stays in dollars): whatever falls back to the first company (the portal template user,
    the public user, a cron's own user) shows as a record of the wrong company or currency."""

    allow_inherited_tests_method = True  # Odoo's loader runs only a class's own test methods otherwise

    @classmethod
    def _b2b_make_distributor(cls):
        main = cls.env.ref("base.main_company")
        company = cls._b2b_make_distributor_entity("ООО «Календарь-Опт Север»", chart=True)
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id, main.id]))
        assert cls.env.company == company
        assert main.currency_id != company.currency_id, "the main company must keep another currency"
        return super()._b2b_make_distributor()

    @classmethod
    def _b2b_make_staff(cls, job, login=None, **values):
        # the distributor's staff work in both companies, in the distributor's by default
        companies = cls.env.companies
        return super()._b2b_make_staff(
            job, login, company_id=cls.env.company.id, company_ids=[Command.set(companies.ids)], **values
        )

    def _reconcile(self, client, order, invoice, waybill):
        super()._reconcile(client, order, invoice, waybill)
        rub, company = self.env.ref("base.RUB"), self.distributor
        admin = order.b2b_portal_user_id
        self.assertEqual((admin.company_id, admin.company_ids), (company, company))
        self.assertEqual(client.property_product_pricelist.currency_id, rub)
        for record in (order, invoice, waybill, order.picking_ids, *order.picking_ids.move_ids):
            with self.subTest(record=record):
                self.assertEqual(record.company_id, company)
        for record in (order, invoice):
            self.assertEqual(record.currency_id, rub)
        act = self.env["b2b.reconciliation.act"].search([("partner_id", "=", client.id)])
        self.assertEqual(act.company_id, company)
        self.assertFalse(
            self.env["account.move.line"].search_count(
                [("partner_id", "child_of", client.id), ("company_id", "!=", company.id)]
            ),
            "nothing of the client is booked in another company",
        )
        mails = self.env["mail.mail"].search([("recipient_ids", "in", admin.partner_id.ids)])
        self.assertTrue(mails)
        for mail in mails:
            self.assertNotIn(self.env.ref("base.main_company").name, mail.body_html or "")
