from odoo import api, fields, models


class B2bExchangeWarehouse(models.Model):
    _name = "b2b.exchange.warehouse"
    _description = "1C warehouse → Odoo warehouse"
    _order = "name"

    name = fields.Char(string="1C warehouse", required=True, help="The warehouse's name (Наименование) or Ид in 1C.")
    warehouse_id = fields.Many2one("stock.warehouse", string="Warehouse", required=True, ondelete="cascade")

    _sql_constraints = [("name_unique", "unique(name)", "Each 1C warehouse maps to one warehouse.")]

    @api.model
    def _b2b_map(self):
        return {record.name.strip(): record.warehouse_id for record in self.search([])}
