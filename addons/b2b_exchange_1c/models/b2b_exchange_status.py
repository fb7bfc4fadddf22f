from odoo import api, fields, models
from odoo.addons.b2b_sale.models.sale_order import B2B_RESERVATION_STATES


class B2bExchangeStatus(models.Model):
    _name = "b2b.exchange.status"
    _description = "1C order status → reservation result"
    _order = "name"

    name = fields.Char(string="1C order status", required=True, help="«Статус заказа» or its ИД as 1C sends it.")
    reservation_state = fields.Selection(
        [(key, label) for key, label in B2B_RESERVATION_STATES if key in ("pending", "reserved", "partial", "refused")],
        string="Reservation",
        required=True,
        help="Reserved / Partly reserved take the quantities 1C sent per line; Sent for reservation "
        "means 1C has not decided yet.",
    )

    _sql_constraints = [("name_unique", "unique(name)", "Each 1C status maps to one reservation result.")]

    @api.model
    def _b2b_map(self):
        return {record.name.strip().lower(): record.reservation_state for record in self.search([])}
