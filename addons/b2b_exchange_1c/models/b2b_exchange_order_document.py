from odoo import fields, models


class B2bExchangeOrderDocument(models.Model):
    """A payment or a shipment 1C sent for a portal order as a document of its own (its
    `Основание` is the order). Kept by its 1C Ид, so the same file twice changes nothing and an
    older version of a document never overwrites a newer one."""

    _name = "b2b.exchange.order.document"
    _description = "1C payment or shipment of an order"
    _order = "date desc, id desc"

    order_id = fields.Many2one("sale.order", string="Order", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("payment", "Payment"), ("shipment", "Shipment")], required=True, readonly=True)
    ident = fields.Char(string="1C Ид", required=True, readonly=True)
    name = fields.Char(string="1C number", readonly=True)
    date = fields.Datetime(string="Document date", readonly=True)
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one(related="order_id.currency_id")
    quantities = fields.Json(readonly=True, help="Shipped quantity per order line id.")
    cancelled = fields.Boolean(readonly=True, help="Marked for deletion or not posted in 1C: it counts for nothing.")

    _sql_constraints = [("ident_unique", "unique(kind, ident)", "A 1C document is kept once.")]
