from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _b2b_consignment_contract(self, company=None):
        """The client company's contract in force that allows self-service waybills.

        :param company: the distributor's legal entity; any of them when not given
        :return: a `b2b.contract` record (empty when the client has none)
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        domain = [
            ("partner_id", "=", self.commercial_partner_id.id),
            ("contract_type", "=", "consignment"),
            ("state", "=", "active"),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
        if company:
            domain.append(("company_id", "=", company.id))
        # contracts are back-office records that portal users cannot read; only the answer leaves
        return self.env["b2b.contract"].sudo().search(domain, limit=1)
