import re

from odoo import _, api, fields, models
from odoo.addons.b2b_portal.tools import params
from odoo.addons.b2b_portal.tools.inputs import has_nul
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

# the longest text each drop-ship field keeps (more is refused with a message, not cut)
B2B_DROPSHIP_LIMITS = {
    "b2b_recipient_name": 128,
    "b2b_recipient_phone": 32,
    "b2b_recipient_address": 500,
    "b2b_packing_note": 1000,
}
B2B_DROPSHIP_FIELDS = (*B2B_DROPSHIP_LIMITS, "b2b_cod_amount")
# the largest cash-on-delivery amount a client may enter, in roubles (system parameter, bounded)
B2B_COD_MAX_PARAM = "b2b_dropship.cod_max"
B2B_COD_MAX_DEFAULT = 500000.0
B2B_COD_MAX_CHARS = 24
B2B_ASSEMBLY_STATES = [
    ("none", "Not sent to assembly"),
    ("assembly", "Being assembled"),
    ("packed", "Packed"),
    ("shipped", "Shipped"),
]
# control characters other than tab and line breaks (NUL included): refused in every field
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009]+")
_AMOUNT_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009']+")
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_PHONE = re.compile(r"\+?[0-9()\- ]+")
_VERSION = re.compile(r"[0-9]{1,9}")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    b2b_recipient_name = fields.Char(
        string="Recipient", copy=False, help="The client's own customer who receives the goods (drop-shipping)."
    )
    b2b_recipient_phone = fields.Char(string="Recipient's phone", copy=False)
    b2b_recipient_address = fields.Text(
        string="Recipient's address",
        copy=False,
        help="A one-off delivery address: kept on the order and its delivery, not in the client's address book.",
    )
    b2b_cod_currency_id = fields.Many2one(
        "res.currency", string="Cash-on-delivery currency", compute="_compute_b2b_cod_currency_id"
    )
    b2b_cod_amount = fields.Monetary(
        string="Cash on delivery",
        currency_field="b2b_cod_currency_id",
        copy=False,
        help="What the carrier collects from the recipient, in roubles; 0 when nothing.",
    )
    b2b_packing_note = fields.Text(string="Note for the packing slip", copy=False)
    b2b_dropship = fields.Boolean(
        string="Delivery to the client's customer", compute="_compute_b2b_dropship", store=True
    )
    b2b_dropship_version = fields.Integer(
        string="Drop-ship details revision",
        copy=False,
        readonly=True,
        help="Counts the saves of the portal form, so that an old form sent again changes nothing.",
    )
    b2b_assembly_date = fields.Datetime(string="Sent to assembly on", copy=False, readonly=True)
    b2b_assembly_user_id = fields.Many2one("res.users", string="Sent to assembly by", copy=False, readonly=True)
    b2b_assembly_state = fields.Selection(B2B_ASSEMBLY_STATES, string="Assembly", compute="_compute_b2b_assembly_state")
    b2b_tracking_ref = fields.Char(string="Tracking number", compute="_compute_b2b_assembly_state")

    # ------------------------------------------------------------------ computes

    def _compute_b2b_cod_currency_id(self):
        self.b2b_cod_currency_id = self.env.ref("base.RUB")

    @api.depends("b2b_recipient_name")
    def _compute_b2b_dropship(self):
        for order in self:
            order.b2b_dropship = bool(order.b2b_recipient_name)

    @api.depends(
        "b2b_assembly_date",
        "picking_ids.state",
        "picking_ids.b2b_packed_date",
        "picking_ids.b2b_tracking_ref",
    )
    def _compute_b2b_assembly_state(self):
        for order in self:
            deliveries = order._b2b_deliveries()
            order.b2b_tracking_ref = ", ".join(ref for ref in deliveries.mapped("b2b_tracking_ref") if ref) or False
            order.b2b_assembly_state = order._b2b_assembly_state_of(deliveries)

    def _b2b_assembly_state_of(self, deliveries):
        """none → assembly (sent) → packed (every open delivery packed) → shipped (all done)."""
        self.ensure_one()
        if deliveries and all(picking.state == "done" for picking in deliveries):
            return "shipped"
        if not self.b2b_assembly_date:
            return "none"
        open_deliveries = deliveries.filtered(lambda p: p.state != "done")
        if open_deliveries and all(open_deliveries.mapped("b2b_packed_date")):
            return "packed"
        return "assembly"

    @api.constrains("b2b_cod_amount")
    def _check_b2b_cod_amount(self):
        # the portal form parses the amount itself; this also holds for the back office and RPC
        maximum = self._b2b_cod_max()
        for order in self:
            if not 0 <= order.b2b_cod_amount <= maximum:
                raise ValidationError(
                    _("The cash-on-delivery amount may be from 0 to %(maximum)s roubles.", maximum="%g" % maximum)
                )

    # ------------------------------------------------------------------ deliveries

    def _b2b_deliveries(self):
        """The order's deliveries to the customer that are not cancelled (as superuser: the
        portal user reads them only through the order)."""
        self.ensure_one()
        # sudo: the portal user may not read every picking of the order; only their states are used
        return self.sudo().picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")

    def _b2b_assembly_pickings(self):
        """The transfers the warehouse works on for this order: every one not done nor cancelled
        (the pick of a multi-step delivery as well as the delivery)."""
        self.ensure_one()
        # sudo: see _b2b_deliveries
        return self.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))

    # ------------------------------------------------------------------ drop-ship details

    @api.model
    def _b2b_cod_max(self):
        return params.get_param_float(self.env, B2B_COD_MAX_PARAM, B2B_COD_MAX_DEFAULT, minimum=0, maximum=1e9)

    @api.model
    def _b2b_parse_cod(self, value):
        """The cash-on-delivery amount in roubles from the form: 0 when empty; UserError for
        text, NaN, exponents, a negative amount, more than two decimals or above the bound."""
        text = "" if value is None else str(value)
        if has_nul(text):
            raise UserError(_("Enter the cash-on-delivery amount in roubles, for example 1500 or 1500,50."))
        text = _AMOUNT_SPACES.sub("", text).replace(",", ".")
        if not text:
            return 0.0
        if len(text) > B2B_COD_MAX_CHARS:
            raise UserError(_("The cash-on-delivery amount is too large."))
        if text.startswith("-"):
            raise UserError(_("The cash-on-delivery amount cannot be negative."))
        if not _AMOUNT.fullmatch(text):
            raise UserError(_("Enter the cash-on-delivery amount in roubles, for example 1500 or 1500,50."))
        amount = float_round(float(text), precision_digits=2)
        maximum = self._b2b_cod_max()
        if amount > maximum:
            raise UserError(
                _("The cash-on-delivery amount may be at most %(maximum)s roubles.", maximum="%g" % maximum)
            )
        return amount

    @api.model
    def _b2b_clean_dropship_text(self, field_name, value):
        """One text field of the form, stripped; UserError for control characters (NUL...) and
        beyond the field's limit. Single-line fields have their spaces collapsed."""
        label = self._fields[field_name]._description_string(self.env)
        text = "" if value is None else str(value)
        if _CONTROL.search(text):
            raise UserError(_("%(field)s: remove the characters that are not allowed.", field=label))
        multiline = field_name in ("b2b_recipient_address", "b2b_packing_note")
        if multiline:
            lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
            text = "\n".join(lines).strip()
        else:
            text = _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()
        limit = B2B_DROPSHIP_LIMITS[field_name]
        if len(text) > limit:
            raise UserError(_("%(field)s may be at most %(limit)s characters long.", field=label, limit=limit))
        return text

    @api.model
    def _b2b_clean_dropship(self, values):
        """The order's drop-ship fields from the form's `values` (keys of B2B_DROPSHIP_FIELDS);
        UserError with the first problem. A recipient needs a name, a phone and an address; cash
        on delivery needs a recipient; a note alone is allowed (the client's own delivery)."""
        vals = {name: self._b2b_clean_dropship_text(name, values.get(name)) for name in B2B_DROPSHIP_LIMITS}
        vals["b2b_cod_amount"] = self._b2b_parse_cod(values.get("b2b_cod_amount"))
        phone = vals["b2b_recipient_phone"]
        if phone and (not _PHONE.fullmatch(phone) or sum(ch.isdigit() for ch in phone) < 5):
            raise UserError(_("Enter the recipient's phone with digits, for example +7 495 123-45-67."))
        recipient = [vals["b2b_recipient_name"], phone, vals["b2b_recipient_address"]]
        if any(recipient) and not all(recipient):
            raise UserError(_("Give the recipient's name, phone and address, or leave all three empty."))
        if vals["b2b_cod_amount"] and not all(recipient):
            raise UserError(_("Cash on delivery needs a recipient: give the name, phone and address."))
        for name in B2B_DROPSHIP_LIMITS:
            vals[name] = vals[name] or False  # an empty field is stored as no value
        return vals

    def _b2b_set_dropship(self, values, version=None):
        """Save the portal form's drop-ship details on this draft order.

        Under the order's lock: the order must still be a draft, and `version` (the revision the
        form was built from) the current one, so that a form sent twice, or an old one sent
        after a newer save, changes nothing. Raises UserError with the reason."""
        self.ensure_one()
        # sudo: portal users may not write orders; only the checked drop-ship fields are written
        order = self.sudo()
        order._b2b_lock()
        order._b2b_check_editable()
        if version is not None:
            text = str(version).strip()
            if not _VERSION.fullmatch(text) or int(text) != order.b2b_dropship_version:
                raise UserError(
                    _("The delivery details were changed meanwhile (in another window?). Check them and save again.")
                )
        vals = self._b2b_clean_dropship(values)
        vals["b2b_dropship_version"] = order.b2b_dropship_version + 1
        order.write(vals)
        return True

    # ------------------------------------------------------------------ send to assembly

    def _b2b_may_send_to_assembly(self):
        """Whether «send to assembly» applies now: reserved (fully or partly), confirmed, not
        sent yet, something left to pick."""
        self.ensure_one()
        order = self.sudo()  # sudo: states read for a portal user who follows the order
        return (
            not order.b2b_assembly_date
            and order.state == "sale"
            and order.b2b_reservation_state in ("reserved", "partial")
            and bool(order._b2b_assembly_pickings())
        )

    def _b2b_send_to_assembly(self, user):
        """«Send to assembly» on `user`'s request: the order's open transfers are marked ready
        for picking (flag, priority, a note in their chatter) for the storekeepers' list.

        Once only: under the order's lock, an order already sent changes nothing and gives
        False; an order not reserved yet raises UserError. Returns whether this call sent it."""
        self.ensure_one()
        # sudo: the portal user may not write orders nor transfers; the system does it for them
        order = self.sudo()
        order._b2b_lock()
        if order.b2b_assembly_date:
            return False
        if order.state != "sale" or order.b2b_reservation_state not in ("reserved", "partial"):
            raise UserError(_("An order can be sent to assembly once it is reserved."))
        pickings = order._b2b_assembly_pickings()
        if not pickings:
            raise UserError(_("Nothing of this order is left to assemble."))
        now = fields.Datetime.now()
        pickings._b2b_request_assembly(user, now)
        order.write({"b2b_assembly_date": now, "b2b_assembly_user_id": user.id})
        order.message_post(
            body=_("%(user)s sent the order to assembly.", user=user.name),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True
