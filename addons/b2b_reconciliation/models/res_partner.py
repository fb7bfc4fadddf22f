from odoo import _, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    b2b_act_count = fields.Integer(string="Reconciliation acts", compute="_compute_b2b_act_count")

    def _compute_b2b_act_count(self):
        acts = self.env["b2b.reconciliation.act"]
        if not acts.has_access("read"):
            self.b2b_act_count = 0
            return
        counts = dict(
            acts._read_group([("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.b2b_act_count = counts.get(partner.commercial_partner_id, 0)

    def action_b2b_open_acts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("b2b_reconciliation.b2b_reconciliation_act_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_b2b_request_act(self):
        """Open a new act for this client in a dialog; saving it queues the generation."""
        self.ensure_one()
        model = self.env["b2b.reconciliation.act"]
        date_from, date_to = model._b2b_default_period()
        entities = model._b2b_legal_entities(self.commercial_partner_id) & self.env.companies
        return {
            "type": "ir.actions.act_window",
            "name": _("Request a reconciliation act"),
            "res_model": "b2b.reconciliation.act",
            "view_mode": "form",
            "views": [(self.env.ref("b2b_reconciliation.b2b_reconciliation_act_view_form_request").id, "form")],
            "target": "new",
            "context": {
                "default_partner_id": self.commercial_partner_id.id,
                "default_company_id": (entities[:1] or self.env.company).id,
                "default_date_from": fields.Date.to_string(date_from),
                "default_date_to": fields.Date.to_string(date_to),
            },
        }
