from odoo import api, fields, models
from odoo.addons.b2b_portal.tools.params import get_param_float, get_param_int

# ir.config_parameter keys of the distributor's pricing and stock settings, with their defaults
B2B_PRICING_PARAMS = {
    "consignment_markup": ("b2b_pricing.consignment_markup", 10.0, float),
    "installment_markup": ("b2b_pricing.installment_markup", 1.5, float),
    "turnover_window_days": ("b2b_pricing.turnover_window_days", 90, int),
    "stock_factor": ("b2b_pricing.stock_factor", 1.5, float),
    "stock_floor": ("b2b_pricing.stock_floor", 10, int),
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_consignment_markup = fields.Float(
        string="Consignment markup (%)",
        config_parameter="b2b_pricing.consignment_markup",
        default=10.0,
        help="Added to the base wholesale price for clients on a consignment contract.",
    )
    b2b_installment_markup = fields.Float(
        string="Installment markup (% per 30 days)",
        config_parameter="b2b_pricing.installment_markup",
        default=1.5,
        help="Added per 30 days of deferred payment, pro rata (45 days at 1.5 % give 2.25 %).",
    )
    b2b_turnover_window_days = fields.Integer(
        string="Turnover window (days)",
        config_parameter="b2b_pricing.turnover_window_days",
        default=90,
        help="A client's turnover of a product is what was delivered to it over this many last days.",
    )
    b2b_stock_factor = fields.Float(
        string="Stock factor",
        config_parameter="b2b_pricing.stock_factor",
        default=1.5,
        help="A client sees at most this factor × its turnover of a product (a contract may override it).",
    )
    b2b_stock_floor = fields.Integer(
        string="Stock floor",
        config_parameter="b2b_pricing.stock_floor",
        default=10,
        help="A client always sees up to this quantity of a product in stock, whatever its turnover.",
    )

    @api.model
    def _b2b_pricing_params(self):
        """The pricing and stock settings, as numbers, with their defaults."""
        params = {}
        for name, (key, default, cast) in B2B_PRICING_PARAMS.items():
            get_param = get_param_int if cast is int else get_param_float
            params[name] = get_param(self.env, key, default, minimum=0)
        params["turnover_window_days"] = params["turnover_window_days"] or B2B_PRICING_PARAMS["turnover_window_days"][1]
        return params

    def set_values(self):
        before = self._b2b_pricing_params()
        super().set_values()
        after = self._b2b_pricing_params()
        if any(before[key] != after[key] for key in ("consignment_markup", "installment_markup")):
            self.env["b2b.contract"]._b2b_resync_all_pricelists()
        if before["turnover_window_days"] != after["turnover_window_days"]:
            self.env.ref("b2b_pricing.ir_cron_b2b_turnover_rebuild")._trigger()
