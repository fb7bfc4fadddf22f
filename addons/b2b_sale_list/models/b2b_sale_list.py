from odoo import _, api, fields, models
from odoo.exceptions import UserError

B2B_LIST_NAME_MAX = 80


class B2bSaleList(models.Model):
    """A client company's saved list of products and quantities («шаблон заказа»): built from
    the catalog, saved from the current order or imported; added to an order as often as
    wanted, at that day's prices and stock."""

    _name = "b2b.sale.list"
    _description = "B2B saved order list"
    _order = "name, id"

    name = fields.Char(required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user._b2b_client(),
        domain=[("b2b_is_client", "=", True), ("is_company", "=", True)],
    )
    line_ids = fields.One2many("b2b.sale.list.line", "list_id", string="Lines", copy=True)
    line_count = fields.Integer(string="Lines count", compute="_compute_line_count")

    # ------------------------------------------------------------------ computes

    @api.depends("line_ids")
    def _compute_line_count(self):
        for sale_list in self:
            sale_list.line_count = len(sale_list.line_ids)

    # ------------------------------------------------------------------ CRUD

    def write(self, vals):
        result = super().write(vals)
        if "partner_id" in vals:
            # the record rules check a record before it is written, not after: a list moved to
            # another company must be one the user may edit there too
            self.check_access("write")
        return result

    # ------------------------------------------------------------------ portal

    @api.model
    def _b2b_check_name(self, name):
        """The list's name as typed, stripped; UserError when empty or too long."""
        name = (name or "").replace("\x00", "").strip()
        if not name:
            raise UserError(_("Give the list a name."))
        if len(name) > B2B_LIST_NAME_MAX:
            raise UserError(_("A list's name may be at most %(max)s characters long.", max=B2B_LIST_NAME_MAX))
        return name

    @api.model
    def _b2b_create_for(self, user, name, lines=()):
        """A new list of `user`'s client company, as `user` (the record rules decide), with
        [(product, quantity)] lines."""
        client = user._b2b_client()
        if not client:
            raise UserError(_("Lists are kept for client companies of the B2B portal."))
        values = {"name": self._b2b_check_name(name), "partner_id": client.id}
        sale_list = self.with_user(user).create(values)
        sale_list._b2b_merge_lines(lines)
        return sale_list

    def _b2b_merge_lines(self, lines):
        """Add [(product, quantity)]: a product already on the list gets the quantity added."""
        self.ensure_one()
        by_product = {line.product_id.id: line for line in self.line_ids}
        new = {}
        for product, quantity in lines:
            if product.id in by_product:
                by_product[product.id].quantity += quantity
            else:
                new[product.id] = new.get(product.id, 0.0) + quantity
        if new:
            self.env["b2b.sale.list.line"].create(
                [{"list_id": self.id, "product_id": pid, "quantity": qty} for pid, qty in new.items()]
            )

    def _b2b_export_rows(self):
        """[(SKU, quantity)]: the format of the order upload (and of this list's import)."""
        self.ensure_one()
        # sudo: portal users cannot read products; the SKU of the list's own lines is shown
        return [(line.product_id.sudo().default_code or "", line.quantity) for line in self.line_ids]

    def _b2b_add_to_order(self, order):
        """Add every line to the portal draft `order` (see `sale.order._b2b_add_lines`)."""
        self.ensure_one()
        return order._b2b_add_lines([(line.product_id, line.quantity) for line in self.line_ids])
