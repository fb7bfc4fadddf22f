from stdnum.ru import inn, ogrn

from odoo.tests import TransactionCase, tagged


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
        distributor = self.env.ref("b2b_portal.res_company_distributor_demo")
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
        distributor = self.env.ref("b2b_portal.res_company_distributor_demo")
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
