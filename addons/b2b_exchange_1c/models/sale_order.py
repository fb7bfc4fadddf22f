import uuid

from odoo import api, fields, models
from odoo.tools import float_compare, float_is_zero

SHIPMENT_STATES = [("none", "Not shipped"), ("partial", "Partly shipped"), ("shipped", "Shipped")]


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
    b2b_1c_shipment_state = fields.Selection(
        SHIPMENT_STATES, string="Shipment (1C)", default="none", copy=False, readonly=True
    )
    b2b_1c_document_ids = fields.One2many(
        "b2b.exchange.order.document", "order_id", string="1C payments and shipments", readonly=True
    )

    def _b2b_1c_ensure_id(self):
        """Give the orders a stable Ид of their own, once: an order sent again carries the same."""
        for order in self.filtered(lambda o: not o.b2b_1c_id):
            order.b2b_1c_id = str(uuid.uuid4())

    @api.depends("b2b_1c_shipped_date", "b2b_1c_shipment_state")
    def _compute_b2b_shown_states(self):
        return super()._compute_b2b_shown_states()

    def _b2b_derive_shipment_state(self):
        # with 1C as the accounting system, 1C says what left the warehouse (no Odoo delivery)
        if self.b2b_1c_shipment_state == "shipped" or self.b2b_1c_shipped_date:
            return "shipped"
        if self.b2b_1c_shipment_state == "partial":
            return "partial"
        return super()._b2b_derive_shipment_state()

    def _b2b_is_confirmed(self):
        # 1C reserved it in its own books: the order stays a quotation in Odoo (Odoo reserves
        # nothing for it), yet the client sees and prints the payment invoice as for a
        # confirmed one
        return super()._b2b_is_confirmed() or (
            self.state == "draft"
            and bool(self.b2b_1c_state_date)
            and self.b2b_reservation_state in ("reserved", "partial")
        )

    def write(self, vals):
        if vals.get("b2b_reservation_state") == "pending":
            # sent again (after a refusal): 1C gets it once more, with the same Ид
            vals = {**vals, "b2b_1c_exported_date": False}
        return super().write(vals)

    # ------------------------------------------------------------------ payments and shipments

    def _b2b_1c_refresh_from_documents(self):
        """The payment and shipment states from the payment and shipment documents, for the
        kinds the order has documents of (otherwise the order's own requisites decide)."""
        self.ensure_one()
        kinds = set(self.b2b_1c_document_ids.mapped("kind"))
        values = {}
        if "payment" in kinds:
            values.update(self._b2b_1c_payment_values())
        if "shipment" in kinds:
            values.update(self._b2b_1c_shipment_values())
        if values:
            self.write(values)

    def _b2b_1c_amount_due(self):
        """What the client owes for the order: the payment invoice's total (a partly reserved
        order is invoiced for the reserved quantities)."""
        self.ensure_one()
        if self.b2b_reservation_state != "partial":
            return self.amount_total
        total = 0.0
        for line in self.order_line.filtered(lambda l: not l.display_type and l.product_uom_qty):
            total += line.price_total * line.b2b_qty_reserved / line.product_uom_qty
        return total

    def _b2b_1c_payment_values(self):
        """b2b_payment_state (and the paid date) from the order's payment documents; nothing
        when none is counted."""
        self.ensure_one()
        payments = self.b2b_1c_document_ids.filtered(lambda d: d.kind == "payment" and not d.cancelled)
        paid = sum(payments.mapped("amount"))
        if float_is_zero(paid, precision_rounding=self.currency_id.rounding):
            state = "not_paid"
        elif float_compare(paid, self._b2b_1c_amount_due(), precision_rounding=self.currency_id.rounding) >= 0:
            state = "paid"
        else:
            state = "partial"
        values = {}
        if state != self.b2b_payment_state:
            values["b2b_payment_state"] = state
        date = max(payments.mapped("date"), default=False) if state == "paid" else False
        if date != self.b2b_1c_paid_date:
            values["b2b_1c_paid_date"] = date
        return values

    def _b2b_1c_shipment_values(self):
        """The shipment state from the shipment documents: shipped when every line reached what
        1C reserved (or what was ordered, before a reservation result), partly when some."""
        self.ensure_one()
        shipped = {}
        shipments = self.b2b_1c_document_ids.filtered(lambda d: d.kind == "shipment" and not d.cancelled)
        for document in shipments:
            for line_id, qty in (document.quantities or {}).items():
                shipped[int(line_id)] = shipped.get(int(line_id), 0.0) + qty
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        lines = self.order_line.filtered(lambda l: not l.display_type and l.product_id)
        complete = bool(lines)
        for line in lines:
            target = line.b2b_qty_reserved if self.b2b_1c_state_date else line.product_uom_qty
            if float_compare(shipped.get(line.id, 0.0), target, precision_digits=precision) < 0:
                complete = False
        if float_is_zero(sum(shipped.values()), precision_digits=precision):
            state = "none"
        else:
            state = "shipped" if complete else "partial"
        values = {}
        if state != self.b2b_1c_shipment_state:
            values["b2b_1c_shipment_state"] = state
        date = max(shipments.mapped("date"), default=False) if state == "shipped" else False
        if date != self.b2b_1c_shipped_date:
            values["b2b_1c_shipped_date"] = date
        return values
