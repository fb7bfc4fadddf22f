from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class B2bSaleListLine(models.Model):
    _name = "b2b.sale.list.line"
    _description = "B2B saved order list line"
    _order = "list_id, sequence, id"

    list_id = fields.Many2one("b2b.sale.list", string="List", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", string="Product", required=True, ondelete="cascade")
    quantity = fields.Float(digits="Product Unit of Measure", required=True, default=1.0)

    _sql_constraints = [
        ("product_unique", "UNIQUE (list_id, product_id)", "A product appears once on a list."),
    ]

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if not line.quantity > 0:  # NaN too
                raise ValidationError(_("The quantity of a list line must be positive."))

    @api.constrains("product_id", "list_id")
    def _check_product_in_catalog(self):
        """Only what the client may see in its catalog goes on its lists (also through the API:
        a list line must not tell a client about a product it is not shown)."""
        for line in self:
            # sudo: portal users cannot read products; only the catalog's filter is applied
            client = line.list_id.partner_id.sudo().with_company(self.env.company)
            product = line.product_id.sudo().with_company(self.env.company)
            if not product.filtered_domain(client._b2b_catalog_product_domain()):
                raise ValidationError(_("This product is not in the catalog."))

    @api.model_create_multi
    def create(self, vals_list):
        # the record rules check a new line after it is inserted: a line for a product already
        # on another company's list would fail on the unique key first and tell so
        list_ids = [vals["list_id"] for vals in vals_list if vals.get("list_id")]
        self.env["b2b.sale.list"].browse(list_ids).check_access("write")
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("list_id"):
            # the record rules check a line before it is written, not after: a line moved to
            # another list must go to a list the user may edit (checked first, so that the
            # unique key does not tell what is on someone else's list)
            self.env["b2b.sale.list"].browse(vals["list_id"]).check_access("write")
        return super().write(vals)
