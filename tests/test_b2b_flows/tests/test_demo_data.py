from stdnum.ru import inn, ogrn

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, tagged


@tagged("b2b_demo", "-standard", "post_install", "-at_install")
class TestDemoData(TransactionCase):
    """Runs on the database installed with demo data (the test command's second phase)."""

    def test_catalog(self):
        templates = self.env["product.template"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "b2b_portal"), ("model", "=", "product.template")])
            .mapped("res_id")
        )
        self.assertGreaterEqual(len(templates), 50)
        self.assertEqual(len(templates.categ_id), 6)
        for template in templates:
            self.assertTrue(template.is_storable, template.name)
            self.assertGreater(template.weight, 0, template.name)
            self.assertGreater(template.volume, 0, template.name)
            self.assertGreater(template.b2b_pack_qty, 0, template.name)
            self.assertGreaterEqual(len(template.b2b_characteristic_ids), 2, template.name)
        distributor = self.env.ref("base.main_company")
        stocked = templates.product_variant_ids.with_company(distributor).filtered(lambda p: p.free_qty > 0)
        self.assertGreater(len(stocked), 30)

    def test_clients_users_and_contracts(self):
        clients = self.env["res.partner"].search([("b2b_is_client", "=", True), ("is_company", "=", True)])
        self.assertEqual(len(clients), 3)
        for client in clients:
            self.assertTrue(inn.is_valid(client.vat), client.vat)
            self.assertTrue(ogrn.is_valid(client.b2b_ogrn), client.b2b_ogrn)
            self.assertEqual(bool(client.b2b_kpp), len(client.vat) == 10)
            users = self.env["res.users"].search([("partner_id.parent_id", "=", client.id)])
            self.assertEqual(len(users), 2)
            self.assertIn("admin", users.partner_id.mapped("b2b_role"))
            self.assertEqual(len(set(users.partner_id.mapped("b2b_role"))), 2)
            self.assertTrue(all(u.has_group("base.group_portal") for u in users))
            self.assertEqual(set(users.mapped("lang")), {"ru_RU"})
        contracts = self.env["b2b.contract"].search([("partner_id", "in", clients.ids), ("state", "=", "active")])
        self.assertEqual(set(contracts.mapped("contract_type")), {"sale", "consignment"})
        wholesaler = self.env.ref("b2b_pricing.b2b_contract_wholesaler_demo")
        self.assertGreater(wholesaler.discount_percent, 0)
        self.assertGreater(wholesaler.installment_days, 0)

    def test_history_for_turnover_and_acts(self):
        distributor = self.env.ref("base.main_company")
        self.assertEqual(distributor.currency_id, self.env.ref("base.RUB"))
        for client in self.env["res.partner"].search([("b2b_is_client", "=", True), ("is_company", "=", True)]):
            moves = self.env["stock.move"].search(
                [("partner_id", "child_of", client.id), ("state", "=", "done"), ("company_id", "=", distributor.id)]
            ) or self.env["stock.move"].search(
                [("picking_id.partner_id", "child_of", client.id), ("state", "=", "done")]
            )
            self.assertGreaterEqual(len(moves), 10)
            invoices = self.env["account.move"].search(
                [("partner_id", "=", client.id), ("move_type", "=", "out_invoice"), ("state", "=", "posted")]
            )
            self.assertEqual(len(invoices), 5)
            self.assertEqual(set(invoices.mapped("company_id")), {distributor})
            self.assertIn("paid", invoices.mapped("payment_state"))
            self.assertIn("not_paid", invoices.mapped("payment_state"))
            self.assertTrue(any(line.tax_ids.amount == 20 for line in invoices.invoice_line_ids))


@tagged("b2b_demo", "-standard", "post_install", "-at_install")
class TestDemoDistributor(TransactionCase):
    """The demo looks like the distributor it describes: its company is the database's main one,
    in roubles; Odoo's «San Francisco» and dollars appear nowhere a client, a visitor or admin sees."""

    def test_main_company_is_the_distributor(self):
        main = self.env.ref("base.main_company")
        self.assertEqual(main.name, "ООО «Календарь-Опт»")
        self.assertEqual(main.currency_id, self.env.ref("base.RUB"))
        self.assertEqual(main.country_id, self.env.ref("base.ru"))
        self.assertEqual(main.partner_id.lang, "ru_RU")
        self.assertTrue(main.logo)
        self.assertTrue(main.partner_id.b2b_bank_account)
        self.assertEqual(self.env["res.company"]._b2b_distributor(), main)
        for user in (
            self.env.ref("base.user_admin"),
            self.env.ref("base.public_user"),
            self.env.ref("base.template_portal_user_id"),
        ):
            self.assertEqual(user.company_id, main, user.login)
        for company in self.env.ref("base.user_admin").company_ids:
            self.assertNotIn("San Francisco", company.name + (company.city or ""))
            self.assertEqual(company.currency_id, self.env.ref("base.RUB"), company.name)
        self.assertFalse(self.env["sale.order"].search_count([("currency_id.name", "=", "USD")]))
        self.assertFalse(self.env["account.move"].search_count([("currency_id.name", "=", "USD")]))

    def test_second_legal_entity_with_a_contract(self):
        wholesaler = self.env.ref("b2b_portal.res_partner_wholesaler_demo")
        entities = self.env["b2b.reconciliation.act"]._b2b_legal_entities(wholesaler)
        self.assertEqual(len(entities), 2)
        self.assertIn(self.env.ref("base.main_company"), entities)
        self.assertEqual(set(entities.mapped("currency_id.name")), {"RUB"})

    def test_catalog_holds_the_distributors_goods_only(self):
        own = self.env["ir.model.data"].search([("module", "=", "b2b_portal"), ("model", "=", "product.template")])
        published = self.env["product.template"].search([("b2b_catalog_published", "=", True)])
        self.assertTrue(published)
        self.assertFalse(published - self.env["product.template"].browse(own.mapped("res_id")))

    def test_first_login_shows_every_state(self):
        buyer = self.env.ref("b2b_portal.res_users_wholesaler_buyer_demo")
        orders = self.env["sale.order"].search([("partner_id", "child_of", buyer.partner_id.commercial_partner_id.id)])
        self.assertLessEqual({"pending", "reserved", "partial", "refused"}, set(orders.mapped("b2b_reservation_state")))
        consignee = self.env.ref("b2b_portal.res_partner_consignee_demo")
        self.assertTrue(
            self.env["b2b.waybill"].search_count([("partner_id", "=", consignee.id), ("state", "=", "issued")])
        )
        # the act is requested at install and made by the background job once the server runs
        # (its first run: the cron is triggered), with the Russian terms loaded
        wholesaler = self.env.ref("b2b_portal.res_partner_wholesaler_demo")
        acts = self.env["b2b.reconciliation.act"].search([("partner_id", "=", wholesaler.id)])
        self.assertTrue(acts)
        cron = self.env.ref("b2b_reconciliation.ir_cron_b2b_reconciliation_act")
        self.assertTrue(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]))
        cron.method_direct_trigger()
        self.assertEqual(set(acts.mapped("state")), {"done"})
        overdue = self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", fields.Date.today()),
            ]
        )
        self.assertTrue(overdue)


@tagged("b2b_demo", "-standard", "post_install", "-at_install")
class TestDemoPagesInRoubles(HttpCase):
    """The pages a visitor and a client open first show roubles and the distributor's name."""

    def _assert_roubles(self, html):
        self.assertNotIn("$", html.replace("$(", ""))  # no price in dollars (jQuery calls aside)
        self.assertNotIn("San Francisco", html)
        self.assertNotIn("USD", html)
        self.assertIn("Календарь-Опт", html)

    def test_demo_invoice_page(self):
        response = self.url_open("/b2b/demo-invoice")
        self.assertEqual(response.status_code, 200)
        self._assert_roubles(response.text.split("<body", 1)[1])
        self.assertIn("KB-001", response.text)
        self.assertNotIn("FURN_", response.text)  # Odoo's furniture stays out

    def test_catalog_page(self):
        self.authenticate("opt-buyer", "opt-buyer")
        response = self.url_open("/my/b2b/catalog")
        self.assertEqual(response.status_code, 200)
        self._assert_roubles(response.text.split("<body", 1)[1])
        self.assertNotIn("FURN_", response.text)
