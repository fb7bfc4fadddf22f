from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class SaleOrder(models.Model):
    _inherit = "sale.order"

    b2b_portal_user_id = fields.Many2one(
        "res.users",
        string="Portal buyer",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The client's user who built this order in the B2B portal.",
    )

    @api.model
    def _b2b_draft_for_user(self, user, create=False):
        """The open draft order `user` builds in the portal (one per user); created on demand.

        Portal users may read but not create sale orders in Odoo, so the search and the creation
        run as superuser, with every value fixed here from the user's own client company.
        """
        if not user._b2b_client():
            return self.browse()
        # sudo: the portal user may not search by b2b_portal_user_id nor create orders
        order = (
            self.sudo()
            .search([("b2b_portal_user_id", "=", user.id), ("state", "=", "draft")], order="id desc", limit=1)
            .sudo(False)
        )
        if order or not create:
            return order.with_user(user) if order else order
        values = self._b2b_prepare_draft_values(user)
        # sudo: see above; the values come from the user's own record, not from the request
        order = self.sudo().create(values)
        # the portal record rule lets the client's users read orders they follow
        order.message_subscribe(partner_ids=user.partner_id.ids)
        return order.sudo(False).with_user(user)

    @api.model
    def _b2b_prepare_draft_values(self, user):
        """Hook: values of a new portal draft order (pricing sets the pricelist, ...)."""
        return {
            "partner_id": user.partner_id.id,
            "company_id": user.company_id.id,
            "user_id": user.partner_id.commercial_partner_id.user_id.id or False,
            "b2b_portal_user_id": user.id,
        }

    def _b2b_add_product(self, product, quantity):
        """Add `quantity` of `product` to this portal draft order (merging with a line of the
        same product). Raises UserError with a message for the client on bad input."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("This order has already been sent and cannot be changed."))
        try:
            quantity = float(quantity)
        except (TypeError, ValueError):
            raise UserError(_("Enter the quantity as a number.")) from None
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        if float_compare(quantity, 0.0, precision_digits=precision) <= 0:
            raise UserError(_("The quantity must be greater than zero."))
        # sudo: portal users cannot read products; only availability flags are checked here
        product = product.sudo()
        if not product.exists() or not product.active or not product.sale_ok:
            raise UserError(_("This product is not available for ordering."))
        # sudo: order lines are created by the system for the portal user (no create right)
        order = self.sudo()
        line = order.order_line.filtered(lambda l: l.product_id == product and not l.display_type)[:1]
        if line:
            line.product_uom_qty += quantity
        else:
            line = order.env["sale.order.line"].create(
                {"order_id": order.id, "product_id": product.id, "product_uom_qty": quantity}
            )
        return line.sudo(False)
