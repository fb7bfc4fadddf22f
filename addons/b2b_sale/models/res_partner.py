from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _b2b_credit_committed(self, exclude_orders=None):
        """Orders sent for reservation and not yet confirmed hold credit too: otherwise a client
        could send several orders each within its limit before the job confirms any."""
        committed = super()._b2b_credit_committed(exclude_orders=exclude_orders)
        company = self.env.company
        # sudo: the client's orders are summed for its own figures, whoever asks
        pending = (
            self.env["sale.order"]
            .sudo()
            .search(
                self._b2b_credit_order_domain() + [("state", "=", "draft"), ("b2b_reservation_state", "=", "pending")]
            )
        )
        if exclude_orders:
            pending -= exclude_orders.sudo()
        today = fields.Date.context_today(self)
        return committed + sum(
            order.currency_id._convert(order.amount_total, company.currency_id, company, today) for order in pending
        )
