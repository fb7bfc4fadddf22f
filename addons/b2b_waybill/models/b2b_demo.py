from odoo import Command, api, models


class B2bDemo(models.AbstractModel):
    _inherit = "b2b.demo"

    @api.model
    def _load_demo_waybill(self, company_id, user_id):
        """A consignment order reserved in the warehouse, and a waybill issued by the client's user
        for part of it, waiting to be collected."""
        company = self.env["res.company"].browse(company_id)
        user = self.env["res.users"].browse(user_id)
        client = user.partner_id.commercial_partner_id
        env = self.with_company(company).with_context(tracking_disable=True, mail_notrack=True).env
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        templates = env["product.template"].browse(
            env["ir.model.data"]
            .search([("module", "=", "b2b_portal"), ("model", "=", "product.template")])
            .mapped("res_id")
        )
        products = templates.product_variant_ids.with_context(warehouse_id=warehouse.id).sorted("default_code")
        products = products.filtered(lambda p: p.free_qty >= 4 * (p.b2b_pack_qty or 1))[-2:]
        order = env["sale.order"].create(
            {
                "partner_id": client.id,
                "company_id": company.id,
                "warehouse_id": warehouse.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2 * (product.b2b_pack_qty or 1)})
                    for product in products
                ],
            }
        )
        order.action_confirm()
        # half of each line now; the rest stays reserved for a later pickup
        order._b2b_issue_waybill({line.id: line.product_uom_qty / 2 for line in order.order_line}, user=user)
