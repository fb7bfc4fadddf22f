import random
from datetime import timedelta

from odoo import Command, api, fields, models


class B2bDemo(models.AbstractModel):
    """Builders of the demo data (called from demo/*.xml only, never in production)."""

    _name = "b2b.demo"
    _description = "B2B demo data builder"

    @api.model
    def _setup_distributor(self, company_id, requisites):
        """A legal entity of the demo distributor: bank details, chart of accounts in roubles,
        20% VAT, its warehouse. `requisites`: b2b_kpp, b2b_ogrn, acc_number, warehouse (name, code)."""
        company = self.env["res.company"].browse(company_id)
        company.partner_id.write(
            {
                "is_company": True,
                "b2b_kpp": requisites["b2b_kpp"],
                "b2b_ogrn": requisites["b2b_ogrn"],
                "b2b_bank_bik": "044525225",
                "b2b_bank_name": "ПАО Сбербанк",
                "b2b_bank_account": requisites["acc_number"],
                "b2b_bank_corr_account": "30101810400000000225",
                "lang": "ru_RU",
            }
        )
        bank = self.env["res.bank"].search([("bic", "=", "044525225")], limit=1) or self.env["res.bank"].create(
            {"name": "ПАО Сбербанк", "bic": "044525225"}
        )
        self.env["res.partner.bank"].create(
            {
                "acc_number": requisites["acc_number"],
                "partner_id": company.partner_id.id,
                "bank_id": bank.id,
                "company_id": company.id,
            }
        )
        self.env.ref("base.user_admin").write({"company_ids": [Command.link(company.id)]})
        rub = self.env.ref("base.RUB")
        if company.currency_id != rub:
            self._clear_odoo_demo_accounting(company)
            company.currency_id = rub
        if not company.chart_template:
            self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
            # the generic chart sets its own currency; the distributor keeps books in roubles
            company.currency_id = rub
        # the warehouse code prefixes every delivery number (TORG-12 prints it): not «ООО «»
        name, code = requisites["warehouse"]
        self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1).write(
            {"name": name, "code": code}
        )
        env = self.with_company(company).env
        vat = env["account.tax"].create(
            {
                "name": "НДС 20%",
                "amount": 20.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                # Russian wholesale prices include VAT: the catalog's price is the invoice's
                "price_include_override": "tax_included",
                "company_id": company.id,
            }
        )
        # Odoo's demo chart brings a 15 % sales tax: a Russian distributor has none of it
        env["account.tax"].search(
            [("company_id", "=", company.id), ("type_tax_use", "=", "sale"), ("id", "!=", vat.id)]
        ).active = False
        company.account_sale_tax_id = vat

    @api.model
    def _clear_odoo_demo_accounting(self, company):
        """Odoo's own demo entries (invoices and bank lines in dollars) and demo quotations of the
        main company: they would keep it in dollars (a company's currency cannot change once it
        has entries). Demo databases only."""
        env = self.with_company(company).with_context(tracking_disable=True, mail_notrack=True).env
        orders = env["sale.order"].search([("company_id", "=", company.id)])
        env["account.bank.statement.line"].search([("company_id", "=", company.id)]).unlink()
        moves = env["account.move"].search([("company_id", "=", company.id)])
        moves.filtered(lambda m: m.state != "draft").button_draft()
        moves.with_context(force_delete=True).unlink()
        orders.filtered(lambda o: o.state not in ("draft", "cancel"))._action_cancel()
        orders.unlink()
        env["product.pricelist"].with_context(active_test=False).search(
            [("company_id", "in", [company.id, False])]
        ).currency_id = self.env.ref("base.RUB")

    @api.model
    def _load_demo_history(self, company_id):
        """Stock, and three months of orders, deliveries, invoices and payments per client."""
        company = self.env["res.company"].browse(company_id)
        env = self.with_company(company).with_context(tracking_disable=True, mail_notrack=True).env
        rng = random.Random(2027)
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        template_ids = (
            env["ir.model.data"]
            .search([("module", "=", "b2b_portal"), ("model", "=", "product.template")])
            .mapped("res_id")
        )
        templates = env["product.template"].browse(template_ids)
        # Odoo's own demo goods and services (furniture, deposits...) are not the distributor's
        (env["product.template"].with_context(active_test=False).search([]) - templates).b2b_catalog_published = False
        templates.write({"taxes_id": [Command.link(company.account_sale_tax_id.id)]})
        products = templates.product_variant_ids
        for product in products:
            pack = product.b2b_pack_qty or 1
            # a few products are out of stock, to show it in the catalog
            if rng.random() < 0.1:
                continue
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, rng.randint(2, 40) * pack)

        clients = env["res.partner"].search([("b2b_is_client", "=", True), ("is_company", "=", True)])
        today = fields.Datetime.now().replace(hour=10, minute=0, second=0, microsecond=0)
        for client in clients:
            for days_ago in (85, 64, 43, 22, 6):
                when = today - timedelta(days=days_ago)
                lines = [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": rng.randint(1, 4) * (product.b2b_pack_qty or 1)}
                    )
                    for product in rng.sample(list(products), 4)
                ]
                order = env["sale.order"].create(
                    {
                        "partner_id": client.id,
                        "company_id": company.id,
                        "warehouse_id": warehouse.id,
                        "date_order": when,
                        "order_line": lines,
                    }
                )
                order.action_confirm()
                order.date_order = when
                for picking in order.picking_ids:
                    for move in picking.move_ids:
                        move.quantity = move.product_uom_qty
                        move.picked = True
                    picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
                    picking.date_done = when
                    picking.move_ids.write({"date": when})
                    picking.move_line_ids.write({"date": when})
                invoice = order._create_invoices()
                invoice.invoice_date = when.date()
                # two weeks to pay: the newest invoice is not due yet, the one before is overdue
                invoice.invoice_date_due = (when + timedelta(days=14)).date()
                invoice.action_post()
                if days_ago < 10:
                    continue  # the newest invoice is still unpaid
                amount = invoice.amount_total if days_ago > 30 else round(invoice.amount_total / 2, 2)
                env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({"payment_date": (when + timedelta(days=5)).date(), "amount": amount})._create_payments()
