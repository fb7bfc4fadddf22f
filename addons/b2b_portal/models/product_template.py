import re

from odoo import api, fields, models
from odoo.tools import SQL, float_compare, float_round

from ..tools.formats import unit_is_whole


class ProductTemplate(models.Model):
    _inherit = "product.template"

    b2b_catalog_published = fields.Boolean(
        string="In the B2B catalog",
        compute="_compute_b2b_catalog_published",
        store=True,
        readonly=False,
        index=True,
        help="Clients see this product in the cabinet's catalog and may order it. On by default for "
        "goods that can be sold, off for services and combos.",
    )
    b2b_pack_qty = fields.Float(
        string="Pack size",
        digits="Product Unit of Measure",
        default=1.0,
        help="Units in one transport pack; clients order in these steps.",
    )
    b2b_next_batch_date = fields.Date(
        string="Next batch date",
        help="When the next production batch is expected. Filled by managers or the accounting system.",
    )
    b2b_characteristic_ids = fields.One2many(
        "b2b.product.characteristic", "product_tmpl_id", string="Characteristics", copy=True
    )

    _sql_constraints = [
        ("b2b_pack_qty_positive", "CHECK(b2b_pack_qty > 0)", "The pack size must be positive."),
    ]

    @api.depends("type", "sale_ok")
    def _compute_b2b_catalog_published(self):
        for template in self:
            template.b2b_catalog_published = template.type == "consu" and template.sale_ok

    def _b2b_quantity_step(self):
        """The step a client orders this product in: its pack size; 0.0 when any quantity the
        unit allows will do (no pack, that is a pack of 1, of a divisible unit such as kg)."""
        self.ensure_one()
        pack = self.b2b_pack_qty or 1.0
        if pack == 1.0 and not unit_is_whole(self.uom_id.rounding):
            return 0.0
        return pack

    def _b2b_pack_suggestion(self, quantity):
        """None when `quantity` (in the product's unit) is a whole number of packs, else the
        nearest such quantity not below it (what a client is offered instead)."""
        self.ensure_one()
        step = self._b2b_quantity_step()
        if not step:
            return None
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        packs = float_round(quantity / step, precision_digits=precision)
        if float_compare(packs, round(packs), precision_digits=precision) == 0:
            return None
        return float_round(-(-quantity // step) * step, precision_digits=precision)

    def init(self):
        super().init()
        # The catalog lists tens of thousands of products sorted by their translated name, a page
        # at a time. Odoo sorts by COALESCE(name->>lang, name->>'en_US'): without an index on
        # that very expression PostgreSQL sorts the whole catalog for every page. One index per
        # language active at install or update (Russian for the portal users, English).
        langs = {"en_US", *self.env["res.lang"].search([("active", "=", True)]).mapped("code")}
        for lang in sorted(langs):
            expression = (
                SQL("(name->>'en_US')") if lang == "en_US" else SQL("COALESCE(name->>%s, name->>'en_US')", lang)
            )
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON product_template ((%s))",
                    SQL.identifier(f"b2b_product_template_name_{re.sub(r'[^a-z0-9]', '_', lang.lower())}_index"),
                    expression,
                )
            )
