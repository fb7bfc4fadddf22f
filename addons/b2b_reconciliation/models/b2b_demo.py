from datetime import timedelta

from odoo import api, fields, models


class B2bDemo(models.AbstractModel):
    _inherit = "b2b.demo"

    @api.model
    def _load_demo_act(self, company_id, user_id):
        """A reconciliation act of the client's last three months, requested: the background job
        generates it as soon as the server runs. Not at once: while the add-ons install, their
        Russian terms are not loaded yet and no HTTP server serves the report's styles, so a PDF
        made now would come out half in English and without its table lines."""
        user = self.env["res.users"].browse(user_id)
        today = fields.Date.context_today(self)
        act = self.env["b2b.reconciliation.act"].create(
            {
                "partner_id": user.partner_id.commercial_partner_id.id,
                "company_id": company_id,
                "date_from": today - timedelta(days=90),
                "date_to": today,
                "requested_by_id": user.id,
            }
        )
        act._b2b_schedule()
        return act
