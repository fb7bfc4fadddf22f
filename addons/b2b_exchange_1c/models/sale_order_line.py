from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    b2b_1c_qty_reserved = fields.Float(
        string="Reserved in 1C", digits="Product Unit of Measure", copy=False, readonly=True
    )

    @api.depends("b2b_1c_qty_reserved", "order_id.b2b_1c_state_date")
    def _compute_b2b_qty_reserved(self):
        # an order whose result came from 1C shows what 1C accepted, line by line
        from_1c = self.filtered(lambda line: line.order_id.b2b_1c_state_date)
        for line in from_1c:
            line.b2b_qty_reserved = line.b2b_1c_qty_reserved
        super(SaleOrderLine, self - from_1c)._compute_b2b_qty_reserved()
