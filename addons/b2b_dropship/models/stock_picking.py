from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # the order's drop-ship details, as the warehouse reads them on the delivery
    b2b_recipient_name = fields.Char(related="sale_id.b2b_recipient_name")
    b2b_recipient_phone = fields.Char(related="sale_id.b2b_recipient_phone")
    b2b_recipient_address = fields.Text(related="sale_id.b2b_recipient_address")
    b2b_cod_currency_id = fields.Many2one(related="sale_id.b2b_cod_currency_id")
    b2b_cod_amount = fields.Monetary(related="sale_id.b2b_cod_amount", currency_field="b2b_cod_currency_id")
    b2b_packing_note = fields.Text(related="sale_id.b2b_packing_note")
    b2b_dropship = fields.Boolean(related="sale_id.b2b_dropship")

    b2b_assembly_requested = fields.Boolean(
        string="Ready for picking (B2B)",
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
        help="The client sent the reserved goods of its order to assembly from the B2B cabinet.",
    )
    b2b_assembly_date = fields.Datetime(string="Sent to assembly on", copy=False, readonly=True)
    b2b_packed_date = fields.Datetime(string="Packed on", copy=False, readonly=True, tracking=True)
    b2b_tracking_ref = fields.Char(
        string="Tracking number",
        copy=False,
        tracking=True,
        help="The carrier's tracking number of the parcel; the client sees it on its order.",
    )

    # ------------------------------------------------------------------ actions

    def _b2b_request_assembly(self, user, when):
        """Mark these transfers ready for picking (called by «send to assembly»)."""
        self.write({"b2b_assembly_requested": True, "b2b_assembly_date": when, "priority": "1"})
        for picking in self:
            picking.message_post(
                body=_("%(user)s (client's cabinet) sent the reserved goods to assembly.", user=user.name),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def action_b2b_mark_packed(self):
        """The storekeeper: the goods of this delivery are packed (the client sees «Packed»)."""
        for picking in self:
            if picking.state in ("done", "cancel"):
                raise UserError(_("%s is already done or cancelled.", picking.name))
            if not picking.b2b_packed_date:
                picking.b2b_packed_date = fields.Datetime.now()
        return True

    # ------------------------------------------------------------------ packing slip

    def _b2b_packing_slip_lines(self):
        """[(move, quantity)] that go into the parcel: what is reserved or done, or what is
        ordered when nothing is reserved yet. No prices."""
        self.ensure_one()
        moves = self.move_ids.filtered(lambda m: m.state != "cancel" and m.product_id)
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        reserved = [(move, move.quantity) for move in moves if not float_is_zero(move.quantity, precision)]
        return reserved or [(move, move.product_uom_qty) for move in moves]

    def _b2b_in_product_uom(self, move, quantity):
        return move.product_uom._compute_quantity(quantity, move.product_id.uom_id, raise_if_failure=False)

    def _b2b_packing_slip_data(self):
        """Everything the packing slip shows, for the PDF and for tests: who sends, who
        receives, cash on delivery, the note, and the goods with quantities only."""
        self.ensure_one()
        order = self.sale_id
        client = (order.partner_id or self.partner_id).commercial_partner_id
        units = self.move_ids.product_uom._b2b_okei()
        russian = (self.env.lang or "").startswith("ru")
        lines = [
            {
                "code": move.product_id.default_code or "",
                "name": move.product_id.with_context(display_default_code=False).display_name,
                "quantity": quantity,
                "unit": units[move.product_uom.id][0] if russian else move.product_uom.name,
                "weight": move.product_id.weight * self._b2b_in_product_uom(move, quantity),
            }
            for move, quantity in self._b2b_packing_slip_lines()
        ]
        if order.b2b_dropship:
            recipient = {
                "name": order.b2b_recipient_name,
                "phone": order.b2b_recipient_phone,
                "address": order.b2b_recipient_address,
            }
        else:
            shipping = self.partner_id or order.partner_shipping_id
            recipient = {
                "name": shipping.commercial_partner_id.name if shipping else "",
                "phone": shipping.phone or shipping.mobile or "" if shipping else "",
                "address": shipping._display_address(without_company=True) if shipping else "",
            }
        return {
            "number": self.name,
            "order": order.name or "",
            "client_ref": order.client_order_ref or "",
            "date": fields.Date.context_today(self, self.scheduled_date or fields.Datetime.now()),
            "sender": client.name,
            "sender_phone": client.phone or "",
            "recipient": recipient,
            "cod_amount": order.b2b_cod_amount if order.b2b_dropship else 0.0,
            "cod_currency": order.b2b_cod_currency_id or self.env.ref("base.RUB"),
            "note": order.b2b_packing_note or "",
            "lines": lines,
            "quantity_total": sum(line["quantity"] for line in lines),
            "weight_total": sum(line["weight"] for line in lines),
            "tracking_ref": self.b2b_tracking_ref or "",
        }
