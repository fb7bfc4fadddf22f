# pylint: disable=consider-merging-classes-inherited
# (in its own file, apart from the base fields, so that parallel work on the add-on does not collide)
from odoo import Command, api, models


class ResUsers(models.Model):
    # approval and team; res_users.py holds the role table
    _inherit = "res.users"

    def _b2b_has_right(self, area, write=False):
        """A client company waiting for approval may look around, but change nothing (no orders)."""
        if write and self._b2b_client().b2b_approval_state == "pending":
            super()._b2b_has_right(area, write=False)  # still validates the area
            return False
        return super()._b2b_has_right(area, write=write)

    @api.model
    def _b2b_create_portal_user(self, values, companies):
        """A portal user copied from Odoo's portal template user (auth_signup), working in
        `companies` (the first one is its current company) instead of the template's company.

        The template user belongs to whatever company Odoo gave it (the first one); a client's
        user must see the prices, stock and documents of the distributor's legal entity."""
        companies = companies or self.env["res.company"]._b2b_distributor()
        values = {**values, "company_id": companies[:1].id, "company_ids": [Command.set(companies.ids)]}
        # sudo: visitors and portal admins create users through registration and the team page only
        return self.sudo().with_context(no_reset_password=True)._create_user_from_template(values)

    def _b2b_send_access_mail(self, template_xmlid, **context):
        """Queue a mail with a link to set the password (real mail queue, sent by the mail cron)."""
        self.ensure_one()
        self.partner_id.sudo().signup_prepare(signup_type="signup")  # the token field is for managers only
        template = self.env.ref(template_xmlid).sudo()  # portal admins and visitors cannot read templates
        # the sender is the distributor, also when a visitor (public user, no e-mail) triggers the mail
        email_from = (
            self.company_id.email_formatted
            or self.env["ir.mail_server"].sudo()._get_default_from_address()
            or self.env.ref("base.partner_root").sudo().email_formatted
        )
        template.with_context(lang=self.lang, **context).send_mail(
            self.id, force_send=False, email_values={"email_from": email_from}
        )
        self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()

    @api.model
    def _b2b_client_companies(self, users):
        return users.partner_id.commercial_partner_id.filtered(lambda c: c.b2b_is_client and c.is_company)

    def write(self, vals):
        if "active" not in vals:
            return super().write(vals)
        Partner = self.env["res.partner"]
        guarded = Partner._b2b_companies_with_admin(self._b2b_client_companies(self))
        result = super().write(vals)
        Partner._b2b_check_admins_kept(guarded)
        return result
