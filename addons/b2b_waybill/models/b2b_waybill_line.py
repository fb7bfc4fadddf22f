from odoo import api, fields, models


class B2bWaybillLine(models.Model):
    _name = "b2b.waybill.line"
    _description = "B2B waybill line"
    _order = "waybill_id, id"

    waybill_id = fields.Many2one("b2b.waybill", required=True, ondelete="cascade", index=True)
    sale_line_id = fields.Many2one("sale.order.line", string="Order line", required=True, index=True)
    product_id = fields.Many2one("product.product", string="Product", required=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", required=True)
    quantity = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True)
    quantity_collected = fields.Float(string="Quantity collected", digits="Product Unit of Measure", readonly=True)
    weight = fields.Float(string="Weight (kg)", compute="_compute_weight", store=True, digits="Stock Weight")

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "A waybill line needs a positive quantity."),
        (
            "quantity_collected_range",
            "CHECK(quantity_collected >= 0 AND quantity_collected <= quantity)",
            "The collected quantity cannot exceed the waybill's quantity.",
        ),
    ]

    @api.depends("product_id.weight", "quantity", "product_uom_id")
    def _compute_weight(self):
        for line in self:
            qty = line.product_uom_id._compute_quantity(line.quantity, line.product_id.uom_id, raise_if_failure=False)
            line.weight = line.product_id.weight * qty
