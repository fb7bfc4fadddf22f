from odoo import fields, models


class B2bWaybillCollectLine(models.TransientModel):
    _name = "b2b.waybill.collect.line"
    _description = "Hand over goods by waybill: line"

    wizard_id = fields.Many2one("b2b.waybill.collect", required=True, ondelete="cascade")
    waybill_line_id = fields.Many2one("b2b.waybill.line", required=True, ondelete="cascade")
    product_id = fields.Many2one(related="waybill_line_id.product_id")
    product_uom_id = fields.Many2one(related="waybill_line_id.product_uom_id")
    quantity = fields.Float(related="waybill_line_id.quantity", string="On the waybill")
    quantity_collected = fields.Float(string="Handed over", digits="Product Unit of Measure")
