from odoo import SUPERUSER_ID, api, models

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


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _b2b_note_manager_edit(self):
        """Mark the orders a manager changes after the client sent them. The reservation job, the
        system and the 1C exchange user write what the stock side decided: not an edit."""
        user = self.env.user
        if self.env.uid == SUPERUSER_ID or not user._is_internal():
            return
        exchange = self.env.ref("b2b_exchange_1c.group_b2b_exchange_1c", raise_if_not_found=False)
        if exchange and exchange in user.groups_id:
            return
        edited = self.filtered(lambda order: order.b2b_sent_date and not order.b2b_edited_after_sent)
        if edited:
            # sudo: the mark is not a field the manager edits
            edited.sudo().b2b_edited_after_sent = True
