from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        self._b2b_update_turnover(moves)
        return moves

    def _b2b_update_turnover(self, moves):
        """Deliveries to (and returns from) client companies change their turnover."""
        customer_moves = moves.filtered(
            lambda m: (
                m.state == "done" and (m.location_dest_id.usage == "customer") != (m.location_id.usage == "customer")
            )
        )
        partners = (customer_moves.picking_id.partner_id | customer_moves.partner_id).commercial_partner_id
        partners = partners.filtered("b2b_is_client")
        if partners:
            # sudo: the storekeeper validating the delivery need not have rights on the statistics
            self.env["b2b.turnover"].sudo()._b2b_rebuild(partners, customer_moves.product_id)
