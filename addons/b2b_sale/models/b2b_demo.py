from datetime import timedelta

from odoo import Command, api, fields, models


class B2bDemo(models.AbstractModel):
    _inherit = "b2b.demo"

    @api.model
    def _load_demo_reservations(self, company_id, user_id):
        """Portal orders of one client in each reservation state (pending, reserved, partly
        reserved, not reserved), made by the reservation job itself from real stock."""
        company = self.env["res.company"].browse(company_id)
        user = self.env["res.users"].browse(user_id)
        env = self.with_company(company).with_context(tracking_disable=True, mail_notrack=True).env
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        products = (
            env["product.product"].browse(
                env["ir.model.data"]
                .search([("module", "=", "b2b_portal"), ("model", "=", "product.product")])
                .mapped("res_id")
            )
            or env["product.template"]
            .browse(
                env["ir.model.data"]
                .search([("module", "=", "b2b_portal"), ("model", "=", "product.template")])
                .mapped("res_id")
            )
            .product_variant_ids
        )
        products = products.with_context(warehouse_id=warehouse.id).sorted("default_code")
        in_stock = products.filtered(lambda p: p.free_qty >= 2 * (p.b2b_pack_qty or 1))
        out_of_stock = products.filtered(lambda p: p.free_qty <= 0)

        def order(lines, days_ago):
            # as the portal makes them (SaleOrder._b2b_draft_for_user), with the lines already in
            sent = env["sale.order"].create(
                {
                    **env["sale.order"]._b2b_prepare_draft_values(user),
                    "warehouse_id": warehouse.id,
                    "date_order": fields.Datetime.now() - timedelta(days=days_ago),
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": product.b2b_pack_qty or 1})
                        for product in lines
                    ],
                }
            )
            sent.message_subscribe(partner_ids=user.partner_id.ids)
            return sent

        plans = [
            (in_stock[0:2], 4),  # reserved
            (in_stock[2:3] | out_of_stock[0:1], 3),  # partly reserved
            (out_of_stock[1:2] or out_of_stock[0:1], 2),  # not reserved
        ]
        for lines, days_ago in plans:
            sent = order(lines, days_ago)
            sent.b2b_reservation_state = "pending"
            sent._b2b_reserve()
        order(in_stock[3:5], 0).b2b_reservation_state = "pending"
        # the job would reserve the pending order at the server's first start: the demo shows it
        # waiting until the next run (or until a client sends an order, which wakes the job)
        self.env.ref("b2b_sale.ir_cron_b2b_reservation").nextcall = fields.Datetime.now() + timedelta(days=1)
