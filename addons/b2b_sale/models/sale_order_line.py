from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    b2b_qty_reserved = fields.Float(
        string="Reserved",
        compute="_compute_b2b_qty_reserved",
        digits="Product Unit of Measure",
        help="Quantity reserved (or already delivered) for this line on its deliveries, in the line's unit of measure.",
    )

    @api.depends("move_ids.quantity", "move_ids.state", "move_ids.picked")
    def _compute_b2b_qty_reserved(self):
        for line in self:
            qty = 0.0
            # sudo: portal users read the result, not the stock moves
            for move in line.sudo().move_ids:
                if move.state == "cancel" or move.location_dest_id.usage != "customer":
                    continue
                if move.location_id.usage == "customer":
                    continue
                qty += move.product_uom._compute_quantity(move.quantity, line.product_uom, rounding_method="HALF-UP")
            line.b2b_qty_reserved = qty
