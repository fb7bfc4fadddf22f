from odoo import api, fields, models
from odoo.addons.b2b_sale.models.sale_order import B2B_EXTERNAL_MASTER_PARAM

from .b2b_exchange_session import (
    DEFAULT_FILE_LIMIT,
    PARAM_BASE_PRICE_TYPE,
    PARAM_ENABLED,
    PARAM_ENCODING,
    PARAM_FILE_LIMIT,
    PARAM_USER,
    PARAM_ZIP,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_1c_enabled = fields.Boolean(
        string="Exchange with 1C",
        config_parameter=PARAM_ENABLED,
        help="1C keeps the books: it loads the catalog, prices and stock, takes the portal orders "
        "and decides their reservation and payment. Switching it on makes 1C the master of the orders.",
    )
    b2b_1c_user_id = fields.Many2one(
        "res.users",
        string="Exchange user",
        config_parameter=PARAM_USER,
        domain=lambda self: [("groups_id", "in", self.env.ref("b2b_exchange_1c.group_b2b_exchange_1c").ids)],
        help="The only user 1C may log in as; empty: any user of the «1C exchange» group.",
    )
    b2b_1c_file_limit = fields.Integer(
        string="File limit, bytes",
        config_parameter=PARAM_FILE_LIMIT,
        default=DEFAULT_FILE_LIMIT,
        help="1C sends files in chunks of at most this size (keep it below what the web server accepts).",
    )
    b2b_1c_zip = fields.Selection(
        [("yes", "Zip archives and plain files"), ("no", "Plain files only")],
        string="Files from 1C",
        config_parameter=PARAM_ZIP,
        default="yes",
        help="What «init» offers 1C; plain files are always accepted.",
    )
    b2b_1c_encoding = fields.Selection(
        [("utf-8", "UTF-8"), ("windows-1251", "windows-1251")],
        string="Encoding of orders sent to 1C",
        config_parameter=PARAM_ENCODING,
        default="utf-8",
    )
    b2b_1c_base_price_type = fields.Char(
        string="Base price type",
        config_parameter=PARAM_BASE_PRICE_TYPE,
        help="The 1C price type (name or Ид) that sets the products' sales price; empty: the first one of the offers.",
    )

    def set_values(self):
        # sudo: the settings page is for administrators; the switch is a system parameter
        params = self.env["ir.config_parameter"].sudo()
        was_enabled = bool(params.get_param(PARAM_ENABLED))
        super().set_values()
        if self.b2b_1c_enabled != was_enabled:
            self._b2b_1c_set_master(self.b2b_1c_enabled)

    @api.model
    def _b2b_1c_set_master(self, enabled):
        """The exchange on: 1C is the master of every portal order sent for reservation (the
        reservation job leaves them alone, the payment state is 1C's)."""
        # sudo: see set_values
        self.env["ir.config_parameter"].sudo().set_param(B2B_EXTERNAL_MASTER_PARAM, "1" if enabled else False)
