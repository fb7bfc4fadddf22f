from odoo import _, api, fields, models
from odoo.addons.b2b_portal.tools.params import get_param_float
from odoo.exceptions import ValidationError

MINUTES_PARAM = "b2b_figures.manager_minutes_per_order"
HOUR_COST_PARAM = "b2b_figures.manager_hour_cost"
DEFAULT_MINUTES = 15.0
DEFAULT_HOUR_COST = 600.0


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_manager_minutes_per_order = fields.Float(
        string="Manager minutes per order",
        config_parameter=MINUTES_PARAM,
        help="How long a manager spends on an order taken by phone or e-mail, or on a portal order he has to correct.",
    )
    b2b_manager_hour_cost = fields.Float(
        string="Cost of a manager's hour",
        config_parameter=HOUR_COST_PARAM,
        help="Salary, taxes and workplace of a sales manager per working hour, in the company's currency.",
    )

    @api.constrains("b2b_manager_minutes_per_order", "b2b_manager_hour_cost")
    def _check_b2b_figures(self):
        for settings in self:
            if settings.b2b_manager_minutes_per_order < 0 or settings.b2b_manager_hour_cost < 0:
                raise ValidationError(_("Minutes and costs cannot be negative."))


def handling_cost_per_order(env):
    """(minutes, cost) of an order a manager handles, from the settings."""
    minutes = get_param_float(env, MINUTES_PARAM, DEFAULT_MINUTES, minimum=0.0)
    hour_cost = get_param_float(env, HOUR_COST_PARAM, DEFAULT_HOUR_COST, minimum=0.0)
    return minutes, minutes * hour_cost / 60.0
