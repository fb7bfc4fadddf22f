from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

# moves whose reservation can be handed over on a waybill
RESERVED_MOVE_STATES = ("assigned", "partially_available")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    b2b_waybill_ids = fields.One2many("b2b.waybill", "sale_order_id", string="Waybills")
    b2b_waybill_count = fields.Integer(string="Waybill count", compute="_compute_b2b_waybill_count")

    @api.depends("b2b_waybill_ids")
    def _compute_b2b_waybill_count(self):
        counts = dict(
            self.env["b2b.waybill"]._read_group([("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"])
        )
        for order in self:
            order.b2b_waybill_count = counts.get(order, 0)

    def action_view_b2b_waybills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("b2b_waybill.b2b_waybill_action")
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # --- quantities ---------------------------------------------------------

    def _b2b_waybill_open_moves(self):
        """The order's outgoing moves still to be delivered, in the order they are served."""
        # the stock side of an order is not readable by the client's portal users, who only
        # get the figures computed from it
        return (
            self.env["stock.move"]
            .sudo()
            .search(
                [
                    ("sale_line_id.order_id", "in", self.ids),
                    ("state", "not in", ("done", "cancel")),
                    ("picking_code", "=", "outgoing"),
                ],
                order="date, id",
            )
        )

    def _b2b_waybill_reserved_quantities(self):
        """Reserved quantity per sale line, in the sale line's unit: {sale.order.line id: qty}."""
        reserved = defaultdict(float)
        for move in self._b2b_waybill_open_moves():
            if move.state in RESERVED_MOVE_STATES:
                reserved[move.sale_line_id.id] += move.product_uom._compute_quantity(
                    move.quantity, move.sale_line_id.product_uom, rounding_method="HALF-UP"
                )
        return reserved

    def _b2b_waybill_issued_quantities(self, exclude=None):
        """Quantity per sale line already on valid issued waybills (not yet collected)."""
        today = fields.Date.context_today(self)
        domain = [
            ("waybill_id.sale_order_id", "in", self.ids),
            ("waybill_id.state", "=", "issued"),
            ("waybill_id.date_expiry", ">=", today),
        ]
        if exclude:
            domain.append(("waybill_id", "not in", exclude.ids))
        # waybill lines of the whole client company count, whoever of its staff issued them
        groups = self.env["b2b.waybill.line"].sudo()._read_group(domain, ["sale_line_id"], ["quantity:sum"])
        return {line.id: qty for line, qty in groups}

    def _b2b_waybill_available_quantities(self):
        """What a new waybill may still take, per sale line: reserved minus issued, never negative."""
        self.ensure_one()
        reserved = self._b2b_waybill_reserved_quantities()
        issued = self._b2b_waybill_issued_quantities()
        return {line_id: max(qty - issued.get(line_id, 0.0), 0.0) for line_id, qty in reserved.items()}

    def _b2b_waybill_available_by_order(self):
        """Total quantity a new waybill may take, per order: {sale.order id: qty} (a few queries for all)."""
        reserved = self._b2b_waybill_reserved_quantities()
        issued = self._b2b_waybill_issued_quantities()
        lines = self.env["sale.order.line"].browse(list(reserved))
        totals = defaultdict(float)
        for line in lines:
            totals[line.order_id.id] += max(reserved[line.id] - issued.get(line.id, 0.0), 0.0)
        return {order_id: qty for order_id, qty in totals.items() if qty > 0}

    # --- issuing ------------------------------------------------------------

    def _b2b_waybill_check_can_issue(self):
        self.ensure_one()
        client = self.partner_id.commercial_partner_id
        if self.state != "sale":
            raise UserError(_("Order %s is not confirmed: there is nothing to collect yet.", self.name))
        if not client._b2b_consignment_contract(self.company_id):
            raise UserError(
                _(
                    "%(client)s has no consignment contract in force with %(company)s: "
                    "waybills are issued for consignment clients only.",
                    client=client.display_name,
                    company=self.company_id.display_name,
                )
            )

    def _b2b_issue_waybill(self, quantities, user=None, request_token=None):
        """Issue a waybill for some of the order's reserved quantities.

        :param quantities: {sale.order.line id: quantity in the line's unit}; zero quantities are skipped
        :param user: the client's user who issues it (defaults to the current user)
        :param request_token: the issuing form's one-time token; a replayed form returns the waybill
            it already issued instead of issuing another one
        :return: the issued `b2b.waybill`
        """
        self.ensure_one()
        user = user or self.env.user
        Waybill = self.env["b2b.waybill"].sudo()
        self._b2b_waybill_check_can_issue()
        # everything that changes the order's waybills (issue, cancel, collect, expire) is serialized here
        self._b2b_lock(nowait=True, touch=True)
        if request_token:
            done = Waybill.search([("sale_order_id", "=", self.id), ("request_token", "=", request_token)], limit=1)
            if done:
                return done
        available = self._b2b_waybill_available_quantities()
        lines = {line.id: line for line in self.order_line if not line.display_type}
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        line_values = []
        for line_id, qty in quantities.items():
            line = lines.get(line_id)
            if not line:
                raise UserError(_("Order %s has no such line.", self.name))
            if float_compare(qty, 0.0, precision_digits=precision) < 0:
                raise UserError(_("The quantity of %s cannot be negative.", line.product_id.display_name))
            if float_is_zero(qty, precision_digits=precision):
                continue
            free = available.get(line.id, 0.0)
            if float_compare(qty, free, precision_digits=precision) > 0:
                free_text, qty_text = f"{free:g}", f"{qty:g}"
                raise UserError(
                    _(
                        "Only %(free)s %(uom)s of %(product)s are reserved and not on another waybill; "
                        "you asked for %(qty)s.",
                        free=free_text,
                        uom=line.product_uom.name,
                        product=line.product_id.display_name,
                        qty=qty_text,
                    )
                )
            line_values.append(
                {
                    "sale_line_id": line.id,
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_uom.id,
                    "quantity": qty,
                }
            )
        if not line_values:
            raise UserError(_("Enter the quantity to collect for at least one product."))
        waybill = Waybill.create(
            {
                "sale_order_id": self.id,
                "issued_by_id": user.id,
                "request_token": request_token,
                "line_ids": [fields.Command.create(values) for values in line_values],
            }
        )
        waybill._action_issue()
        return waybill
