from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    b2b_claim_line_ids = fields.One2many("b2b.claim.line", "sale_line_id", string="Claim lines")
    b2b_qty_claimed = fields.Float(
        string="Claimed",
        compute="_compute_b2b_qty_claimed",
        digits="Product Unit of Measure",
        help="What open and accepted claims hold of this line: the claimed quantity while a claim "
        "waits, the accepted one after; nothing of a rejected claim.",
    )

    @api.depends(
        "b2b_claim_line_ids.quantity", "b2b_claim_line_ids.quantity_accepted", "b2b_claim_line_ids.claim_id.state"
    )
    def _compute_b2b_qty_claimed(self):
        for line in self:
            total = 0.0
            for claim_line in line.b2b_claim_line_ids:
                state = claim_line.claim_id.state
                if state == "submitted":
                    total += claim_line.quantity
                elif state in ("accepted", "partial"):
                    total += claim_line.quantity_accepted
            line.b2b_qty_claimed = total

    def _b2b_qty_claimable(self):
        """{line id: what a new claim may still take}: delivered minus already claimed."""
        return {line.id: max(line.qty_delivered - line.b2b_qty_claimed, 0.0) for line in self}
