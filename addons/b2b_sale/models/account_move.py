from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        # the invoice is paid (Odoo calls this once the payment is reconciled): the orders it bills
        # may now be paid in full, which the «Paid» e-mail job tells the client
        result = super()._invoice_paid_hook()
        invoices = self.filtered(lambda move: move.move_type == "out_invoice")
        invoices.invoice_line_ids.sale_line_ids.order_id._b2b_queue_paid_notice()
        return result
