from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CLAIM_KINDS = [
    ("shortage", "Shortage"),
    ("surplus", "Surplus"),
    ("damage", "Damage"),
    ("wrong", "Wrong goods"),
    ("quality", "Quality"),
]
# what comes back to the warehouse, and what the client is credited for, per kind: goods that
# never arrived are only credited; goods that arrived but were not ordered (surplus) only come back
RETURNED_KINDS = {"surplus", "damage", "wrong", "quality"}
CREDITED_KINDS = {"shortage", "damage", "wrong", "quality"}


class B2bClaimLine(models.Model):
    _name = "b2b.claim.line"
    _description = "Claim line"
    _order = "claim_id, id"

    claim_id = fields.Many2one("b2b.claim", required=True, ondelete="cascade", index=True)
    sale_line_id = fields.Many2one("sale.order.line", string="Order line", required=True, index=True)
    product_id = fields.Many2one(related="sale_line_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="sale_line_id.product_uom", string="Unit")
    kind = fields.Selection(CLAIM_KINDS, required=True)
    quantity = fields.Float(string="Claimed", digits="Product Unit of Measure", required=True)
    quantity_accepted = fields.Float(string="Accepted", digits="Product Unit of Measure")
    description = fields.Text(string="What happened")
    currency_id = fields.Many2one(related="claim_id.currency_id")
    price_unit = fields.Float(related="sale_line_id.price_unit", string="Unit price")
    amount_accepted = fields.Monetary(string="Credit", compute="_compute_amount_accepted")

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "A claimed quantity must be positive."),
        (
            "quantity_accepted_range",
            "CHECK(quantity_accepted >= 0 AND quantity_accepted <= quantity)",
            "The accepted quantity must lie between zero and the claimed one.",
        ),
    ]

    @api.depends("quantity_accepted", "kind", "sale_line_id.price_unit", "sale_line_id.discount")
    def _compute_amount_accepted(self):
        for line in self:
            credited = line.kind in CREDITED_KINDS
            unit = line.sale_line_id.price_unit * (1 - (line.sale_line_id.discount or 0.0) / 100.0)
            line.amount_accepted = line.quantity_accepted * unit if credited else 0.0

    @api.constrains("sale_line_id", "claim_id")
    def _check_order(self):
        for line in self:
            if line.sale_line_id.order_id != line.claim_id.sale_order_id:
                raise ValidationError(_("A claim line must belong to the claim's order."))
