from odoo import api, models

# what a manager changes when he edits what the client ordered (not what the stock side writes)
B2B_EDIT_FIELDS = {"product_id", "product_uom_qty", "product_uom", "price_unit", "discount"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._b2b_note_manager_edit()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if B2B_EDIT_FIELDS.intersection(vals):
            self.order_id._b2b_note_manager_edit()
        return result

    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        orders.exists()._b2b_note_manager_edit()
        return result
