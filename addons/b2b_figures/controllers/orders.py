from odoo import http
from odoo.addons.b2b_sale.controllers.orders import B2bOrderPortal
from odoo.http import request


class B2bFiguresOrderPortal(B2bOrderPortal):
    @http.route()
    def b2b_payment_invoice(self, order_id, access_token=None, **kw):
        response = super().b2b_payment_invoice(order_id, access_token=access_token, **kw)
        if response.status_code == 200 and not request.env.user._is_internal():
            # the client took its «Счёт на оплату» from the cabinet instead of asking a manager;
            # sudo: a fact about the order the client may not write (checked access above)
            request.env["sale.order"].sudo().browse(order_id)._b2b_mark_invoice_self_served()
        return response
