import logging

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from .portal import B2bCustomerPortal

_logger = logging.getLogger(__name__)


class B2bOrderPortal(B2bCustomerPortal):
    @http.route("/my/b2b/order/add", type="http", auth="user", methods=["POST"], website=True)
    def b2b_order_add(self, product_id=None, quantity=None, redirect=None, **kw):
        """Add a product to the user's open draft order (the catalog's quantity box posts here)."""
        refused = self._b2b_check_right("orders", write=True)
        if refused:
            return refused
        back = redirect if redirect and redirect.startswith("/my/") and "//" not in redirect else "/my/b2b/catalog"
        try:
            product_id = int(product_id)
        except (TypeError, ValueError):
            product_id = 0
        # sudo: portal users have no read access to products; only the catalog's own checks
        # (active, sellable) are applied to the record before it goes on the order
        product = request.env["product.product"].sudo().browse(product_id).exists()
        try:
            if not product:
                raise UserError(_("This product is not available for ordering."))
            order = request.env["sale.order"]._b2b_draft_for_user(request.env.user, create=True)
            line = order._b2b_add_product(product, quantity)
        except UserError as error:
            _logger.info("B2B: %s could not add product %s: %s", request.env.user.login, product_id, error)
            self._b2b_notify(error.args[0], "danger")
            return request.redirect(back)
        self._b2b_notify(
            _("%(product)s: %(quantity)s added to your order.", product=line.product_id.display_name, quantity=quantity)
        )
        return request.redirect(back)
