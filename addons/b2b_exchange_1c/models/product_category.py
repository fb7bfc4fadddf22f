from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    b2b_1c_id = fields.Char(string="1C Ид", copy=False, index="btree_not_null", readonly=True)

    _sql_constraints = [("b2b_1c_id_unique", "unique(b2b_1c_id)", "A 1C group is one product category.")]
