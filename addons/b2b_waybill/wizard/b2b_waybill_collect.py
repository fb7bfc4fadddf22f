from odoo import _, api, fields, models
from odoo.exceptions import UserError


class B2bWaybillCollect(models.TransientModel):
    """«Выдача по накладной»: the storekeeper scans the waybill and confirms what is handed over."""

    _name = "b2b.waybill.collect"
    _description = "Hand over goods by waybill"

    scan = fields.Char(string="Waybill number", help="Scan the barcode of the waybill or type its number.")
    waybill_id = fields.Many2one("b2b.waybill", string="Waybill", readonly=True)
    state = fields.Selection(related="waybill_id.state")
    sale_order_id = fields.Many2one(related="waybill_id.sale_order_id")
    partner_id = fields.Many2one(related="waybill_id.partner_id")
    consignee_id = fields.Many2one(related="waybill_id.consignee_id")
    date_expiry = fields.Date(related="waybill_id.date_expiry")
    warning = fields.Char(readonly=True)
    line_ids = fields.One2many("b2b.waybill.collect.line", "wizard_id", string="Lines")

    @api.model
    def _find_waybill(self, number):
        number = (number or "").strip()
        if not number:
            return self.env["b2b.waybill"]
        # numbers are upper-case Latin letters and digits; an exact match, so that no typed
        # wildcard ("%", "_") can pick some other waybill
        return self.env["b2b.waybill"].search([("name", "=", number.upper())], limit=1)

    @api.onchange("scan")
    def _onchange_scan(self):
        waybill = self._find_waybill(self.scan)
        self.waybill_id = waybill
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {"waybill_line_id": line.id, "quantity_collected": line.quantity if waybill.state == "issued" else 0.0}
            )
            for line in waybill.line_ids
        ]
        self.warning = False
        if self.scan and not waybill:
            self.warning = _("No waybill with number %s.", self.scan.strip())
        elif waybill:
            try:
                waybill._b2b_check_state()
            except UserError as error:
                self.warning = error.args[0]

    def action_confirm(self):
        self.ensure_one()
        waybill = self.waybill_id or self._find_waybill(self.scan)
        if not waybill:
            raise UserError(_("Scan or type the number of a waybill first."))
        if self.waybill_id:
            quantities = {line.waybill_line_id.id: line.quantity_collected for line in self.line_ids}
        else:
            quantities = {}
        pickings = waybill._b2b_collect(quantities)
        action = self.env["ir.actions.act_window"]._for_xml_id("b2b_waybill.b2b_waybill_collect_action")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Handed over"),
                "message": _(
                    "Waybill %(waybill)s is collected; delivery %(pickings)s is validated.",
                    waybill=waybill.name,
                    pickings=", ".join(pickings.mapped("name")),
                ),
                "next": action,
            },
        }
