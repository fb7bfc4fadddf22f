from odoo import api, models

DISTRIBUTOR_PARAM = "b2b_portal.distributor_company_id"


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _b2b_distributor(self):
        """The distributor's legal entity that receives registrations and demo-invoice requests:
        the company named in the B2B settings, else the database's main company.

        Public pages run as the public user, whose company is whatever Odoo's template gave it:
        they must ask here, never take `env.company`."""
        # sudo: the parameter and the company's name are read on public pages (registration)
        value = self.env["ir.config_parameter"].sudo().get_param(DISTRIBUTOR_PARAM)
        company = self.sudo().browse(int(value)).exists() if str(value or "").isdigit() else self.browse()
        return (company or self.sudo()._get_main_company()).with_env(self.env)
