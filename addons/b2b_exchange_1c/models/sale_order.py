import uuid

from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    b2b_1c_id = fields.Char(
        string="1C exchange Ид",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The Ид the order carries to 1C.",
    )
    b2b_1c_exported_date = fields.Datetime(
        string="Sent to 1C", copy=False, readonly=True, help="When 1C confirmed it received the order («success»)."
    )
    b2b_1c_number = fields.Char(string="1C number", copy=False, readonly=True)
    b2b_1c_state_date = fields.Datetime(
        string="1C status date", copy=False, readonly=True, help="Date of the latest 1C document applied to this order."
    )
    b2b_1c_paid_date = fields.Datetime(string="Paid according to 1C", copy=False, readonly=True)
    b2b_1c_shipped_date = fields.Datetime(string="Shipped according to 1C", copy=False, readonly=True)

    def _b2b_1c_ensure_id(self):
        """Give the orders a stable Ид of their own, once: an order sent again carries the same."""
        for order in self.filtered(lambda o: not o.b2b_1c_id):
            order.b2b_1c_id = str(uuid.uuid4())

    @api.depends("b2b_1c_shipped_date")
    def _compute_b2b_shown_states(self):
        return super()._compute_b2b_shown_states()

    def _b2b_derive_shipment_state(self):
        # with 1C as the accounting system, 1C says when the goods left (no Odoo delivery)
        if self.b2b_1c_shipped_date:
            return "shipped"
        return super()._b2b_derive_shipment_state()

    def write(self, vals):
        if vals.get("b2b_reservation_state") == "pending":
            # sent again (after a refusal): 1C gets it once more, with the same Ид
            vals = {**vals, "b2b_1c_exported_date": False}
        return super().write(vals)
