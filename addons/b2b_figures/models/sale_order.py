from odoo import SUPERUSER_ID, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    b2b_sent_date = fields.Datetime(
        string="Sent for reservation on",
        copy=False,
        readonly=True,
        help="When the client first sent this order for reservation from the portal.",
    )
    b2b_paid_date = fields.Datetime(string="Paid on", copy=False, readonly=True)
    b2b_edited_after_sent = fields.Boolean(
        string="Edited by a manager",
        copy=False,
        readonly=True,
        help="A manager changed the order's lines after the client had sent it.",
    )
    b2b_invoice_self_served = fields.Boolean(
        string="Invoice taken from the portal",
        copy=False,
        readonly=True,
        help="The client downloaded its «Счёт на оплату» from the cabinet.",
    )

    def _b2b_submit(self):
        sent = super()._b2b_submit()
        if sent and not self.b2b_sent_date:
            # sudo: a fact the system records on the client's request
            self.sudo().b2b_sent_date = fields.Datetime.now()
        return sent

    def _b2b_queue_paid_notice(self):
        # both ways an order becomes paid pass here: Odoo's invoice paid hook and the external
        # accounting system writing the payment state
        paid = self.filtered(lambda order: order.b2b_payment_state == "paid" and not order.b2b_paid_date)
        if paid:
            paid.sudo().b2b_paid_date = fields.Datetime.now()
        return super()._b2b_queue_paid_notice()

    def _b2b_mark_invoice_self_served(self):
        self.filtered(lambda order: not order.b2b_invoice_self_served).b2b_invoice_self_served = True

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
