from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _compute_domain_context_values(self):
        """Cache the rules' domains per current B2B contact as well: the portal rules read
        `user.b2b_contact_id`, which follows the user's current client legal entity, so a switch
        of entity needs no cache clearing (a role change clears it, see res.partner.write)."""
        values = super()._compute_domain_context_values()
        # sudo: reading the user's own record must not evaluate the rules being computed
        return (*values, self.env.user.sudo().b2b_contact_id.id)
