from collections import defaultdict
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from .sale_order import RESERVED_MOVE_STATES

WAYBILL_STATES = [
    ("draft", "Draft"),
    ("issued", "Issued"),
    ("collected", "Collected"),
    ("cancelled", "Cancelled"),
    ("expired", "Expired"),
]


class B2bWaybill(models.Model):
    """A client's self-service waybill: the right to collect reserved goods of one order."""

    _name = "b2b.waybill"
    _description = "B2B waybill"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "id desc"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", index="trigram")
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", required=True, readonly=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client company",
        compute="_compute_order_fields",
        store=True,
        index=True,
        readonly=True,
    )
    consignee_id = fields.Many2one(
        "res.partner", string="Consignee", compute="_compute_order_fields", store=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", string="Legal entity", compute="_compute_order_fields", store=True, readonly=True, index=True
    )
    state = fields.Selection(WAYBILL_STATES, required=True, default="draft", readonly=True, tracking=True, index=True)
    line_ids = fields.One2many("b2b.waybill.line", "waybill_id", string="Lines", readonly=True, copy=True)
    date_issued = fields.Datetime(string="Issued on", readonly=True, copy=False)
    date_expiry = fields.Date(string="Valid until", readonly=True, copy=False, index=True)
    issued_by_id = fields.Many2one("res.users", string="Issued by", readonly=True, copy=False)
    date_collected = fields.Datetime(string="Collected on", readonly=True, copy=False)
    collected_by_id = fields.Many2one("res.users", string="Handed over by", readonly=True, copy=False)
    picking_ids = fields.Many2many(
        "stock.picking", string="Deliveries", readonly=True, copy=False, help="The deliveries validated at collection."
    )
    request_token = fields.Char(readonly=True, copy=False, help="One-time token of the portal form that issued it.")
    weight = fields.Float(string="Weight (kg)", compute="_compute_totals", digits="Stock Weight")
    quantity_total = fields.Float(string="Quantity", compute="_compute_totals", digits="Product Unit of Measure")
    quantity_collected_total = fields.Float(
        string="Quantity collected", compute="_compute_totals", digits="Product Unit of Measure"
    )

    _sql_constraints = [
        ("name_unique", "UNIQUE(name)", "A waybill number must be unique."),
        ("request_token_unique", "UNIQUE(sale_order_id, request_token)", "This form has already issued a waybill."),
    ]

    @api.depends("sale_order_id")
    def _compute_order_fields(self):
        for waybill in self:
            order = waybill.sale_order_id
            waybill.partner_id = order.partner_id.commercial_partner_id
            waybill.consignee_id = order.partner_shipping_id
            waybill.company_id = order.company_id

    @api.depends("line_ids.weight", "line_ids.quantity", "line_ids.quantity_collected")
    def _compute_totals(self):
        for waybill in self:
            waybill.weight = sum(waybill.line_ids.mapped("weight"))
            waybill.quantity_total = sum(waybill.line_ids.mapped("quantity"))
            waybill.quantity_collected_total = sum(waybill.line_ids.mapped("quantity_collected"))

    def _compute_access_url(self):
        super()._compute_access_url()
        for waybill in self:
            waybill.access_url = f"/my/b2b/waybills/{waybill.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return _("Waybill %s", self.name)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(waybill.state != "draft" for waybill in self):
            raise UserError(_("An issued waybill cannot be deleted; cancel it instead."))

    # --- life cycle -----------------------------------------------------------

    def _action_issue(self):
        for waybill in self:
            if waybill.state != "draft":
                raise UserError(_("Waybill %s has already been issued.", waybill.name))
            today = fields.Date.context_today(waybill)
            waybill.write(
                {
                    "name": self.env["ir.sequence"].next_by_code("b2b.waybill") or "/",
                    "state": "issued",
                    "date_issued": fields.Datetime.now(),
                    "date_expiry": today + timedelta(days=waybill.company_id.b2b_waybill_validity_days),
                }
            )
            waybill._portal_ensure_token()
            if waybill.issued_by_id:
                waybill.message_subscribe(waybill.issued_by_id.partner_id.ids)

    def _b2b_is_expired(self):
        self.ensure_one()
        return self.state == "expired" or (
            self.state == "issued" and self.date_expiry < fields.Date.context_today(self)
        )

    def _b2b_check_state(self):
        """Raise a clear message unless the waybill is issued and valid."""
        for waybill in self:
            if waybill.state == "collected":
                raise UserError(
                    _(
                        "Waybill %(name)s was already collected on %(date)s.",
                        name=waybill.name,
                        date=fields.Datetime.context_timestamp(waybill, waybill.date_collected).strftime("%d.%m.%Y"),
                    )
                )
            if waybill.state == "cancelled":
                raise UserError(_("Waybill %s has been cancelled.", waybill.name))
            if waybill._b2b_is_expired():
                raise UserError(
                    _(
                        "Waybill %(name)s expired on %(date)s.",
                        name=waybill.name,
                        date=waybill.date_expiry.strftime("%d.%m.%Y"),
                    )
                )
            if waybill.state != "issued":
                raise UserError(_("Waybill %s has not been issued.", waybill.name))

    def action_cancel(self):
        """Cancel issued waybills: their quantities become free for new waybills."""
        self.sale_order_id._b2b_lock(nowait=True, touch=True)
        self._b2b_check_state()
        self.write({"state": "cancelled"})
        return True

    @api.model
    def _cron_expire(self, batch_size=500):
        """Mark issued waybills past their validity date as expired (their quantities become free)."""
        today = fields.Date.context_today(self)
        waybills = self.search([("state", "=", "issued"), ("date_expiry", "<", today)], limit=batch_size)
        expired = self.browse()
        for order, order_waybills in waybills.grouped("sale_order_id").items():
            try:
                with self.env.cr.savepoint():
                    order._b2b_lock(nowait=True, touch=True)
                    order_waybills.write({"state": "expired"})
                    expired |= order_waybills
            except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure):
                # someone works on this order right now: the next run takes it
                continue
        for waybill in expired:
            waybill.message_post(body=_("The waybill expired unused on %s.", waybill.date_expiry.strftime("%d.%m.%Y")))
        if len(waybills) == batch_size:
            self.env.ref("b2b_waybill.ir_cron_b2b_waybill_expire")._trigger()
        return expired

    # --- collection at the warehouse -----------------------------------------

    def _b2b_collect(self, quantities):
        """Hand the goods over: validate the deliveries for the given quantities, in one transaction.

        :param quantities: {b2b.waybill.line id: quantity actually handed over}; lines not given are
            handed over in full. The rest of each delivery stays reserved in a backorder.
        :return: the validated deliveries
        """
        self.ensure_one()
        self.sale_order_id._b2b_lock(nowait=True, touch=True)
        self.invalidate_recordset()
        self.line_ids.invalidate_recordset()
        self._b2b_check_state()
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        unknown = set(quantities) - set(self.line_ids.ids)
        if unknown:
            raise UserError(_("These lines are not on waybill %s.", self.name))
        to_collect = {}
        for line in self.line_ids:
            qty = quantities.get(line.id, line.quantity)
            if float_compare(qty, 0.0, precision_digits=precision) < 0:
                raise UserError(_("The quantity of %s cannot be negative.", line.product_id.display_name))
            if float_compare(qty, line.quantity, precision_digits=precision) > 0:
                qty_text, allowed_text = f"{qty:g}", f"{line.quantity:g}"
                raise UserError(
                    _(
                        "%(product)s: %(qty)s cannot be handed over, the waybill allows %(allowed)s.",
                        product=line.product_id.display_name,
                        qty=qty_text,
                        allowed=allowed_text,
                    )
                )
            if not float_is_zero(qty, precision_digits=precision):
                to_collect[line] = qty
        if not to_collect:
            raise UserError(_("Nothing is handed over: enter the quantities, or let the client cancel the waybill."))

        # distribute each line's quantity over the open moves of its sale line
        open_moves = self.sale_order_id._b2b_waybill_open_moves().sudo(False)
        moves_by_sale_line = open_moves.filtered(lambda m: m.state in RESERVED_MOVE_STATES).grouped("sale_line_id")
        move_qty = {}
        for line, qty in to_collect.items():
            moves = moves_by_sale_line.get(line.sale_line_id, self.env["stock.move"])
            remaining = qty
            for move in moves:
                reserved = move.product_uom._compute_quantity(move.quantity, line.product_uom_id)
                take = min(reserved, remaining)
                if float_is_zero(take, precision_digits=precision):
                    continue
                move_qty[move] = line.product_uom_id._compute_quantity(take, move.product_uom)
                remaining -= take
            if float_compare(remaining, 0.0, precision_digits=precision) > 0:
                reserved_text, qty_text = f"{qty - remaining:g}", f"{qty:g}"
                raise UserError(
                    _(
                        "%(product)s: only %(reserved)s is reserved in the warehouse now, %(qty)s cannot be handed "
                        "over. Ask the manager to check the reservation.",
                        product=line.product_id.display_name,
                        reserved=reserved_text,
                        qty=qty_text,
                    )
                )
        to_pick = self.env["stock.move"].concat(*move_qty)
        pickings = to_pick.picking_id
        for move, qty in move_qty.items():
            if float_compare(move.quantity, qty, precision_rounding=move.product_uom.rounding):
                move.quantity = qty
        to_pick.picked = True
        # other goods of the deliveries stay reserved and go to the backorder
        (pickings.move_ids.filtered(lambda m: m.state not in ("done", "cancel")) - to_pick).picked = False
        pickings.with_context(skip_backorder=True, picking_ids_not_to_backorder=[])._b2b_waybill_validate()
        # keep the rest reserved for the client's other waybills, whatever the reservation policy
        backorders = pickings.backorder_ids.filtered(lambda p: p.state not in ("done", "cancel", "assigned"))
        if backorders:
            backorders.action_assign()

        by_quantity = defaultdict(lambda: self.env["b2b.waybill.line"])
        for line in self.line_ids:
            by_quantity[to_collect.get(line, 0.0)] |= line
        # sudo: storekeepers only read waybills (ORM access); the hand-over writes its result
        # after every check above, and nothing else may change a waybill on their behalf
        for qty, lines in by_quantity.items():
            lines.sudo().quantity_collected = qty
        self.sudo().write(
            {
                "state": "collected",
                "date_collected": fields.Datetime.now(),
                "collected_by_id": self.env.uid,
                "picking_ids": [fields.Command.set(pickings.ids)],
            }
        )
        self._b2b_notify_collected()
        return pickings

    def _b2b_notify_collected(self):
        """Tell the client by e-mail (queued, sent by the mail queue) that the goods were handed over."""
        template = self.env.ref("b2b_waybill.mail_template_b2b_waybill_collected")
        for waybill in self:
            # sent on behalf of the distributor, not of the storekeeper (who may have no e-mail address)
            author = waybill.company_id.partner_id
            if not author.email:
                author = self.env.ref("base.partner_root")
            # sudo: posting needs write access, which storekeepers do not have on waybills
            waybill.sudo().with_context(mail_notify_force_send=False).message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                author_id=author.id,
                email_from=author.email_formatted,
                partner_ids=(waybill.issued_by_id.partner_id | waybill.sale_order_id.partner_id).ids,
            )

    def action_open_collect(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("b2b_waybill.b2b_waybill_collect_action")
        action["context"] = {"default_scan": self.name}
        return action

    def action_print_torg12(self):
        self.ensure_one()
        if not self.picking_ids:
            raise UserError(_("Waybill %s has not been collected yet.", self.name))
        return self.env.ref("b2b_waybill.action_report_torg12").report_action(self.picking_ids)
