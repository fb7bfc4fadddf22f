from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..models.res_partner import B2B_ROLES


class B2bTeamInviteWizard(models.TransientModel):
    """A B2B manager invites a colleague of a client company, as the company's admin does on the portal."""

    _name = "b2b.team.invite.wizard"
    _description = "Invite a colleague to a client's B2B cabinet"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client company",
        required=True,
        domain=[("b2b_is_client", "=", True), ("is_company", "=", True)],
    )
    name = fields.Char(string="Full name", required=True)
    email = fields.Char(string="E-mail", required=True)
    role = fields.Selection(B2B_ROLES, required=True, default="buyer")

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group("b2b_portal.group_b2b_manager"):
            raise AccessError(_("Only B2B managers manage the teams of client companies."))

    def action_invite(self):
        self.ensure_one()
        self._check_manager()
        self.partner_id._b2b_invite(self.name, self.email, self.role, inviter=self.env.user)
        return {"type": "ir.actions.act_window_close"}
