from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from ..models.res_partner import B2B_ROLES
from .portal import B2bCustomerPortal, b2b_portal_route, b2b_record_id


class B2bTeamPortal(B2bCustomerPortal):
    """/my/b2b/team: the client company's admin manages colleagues' access and roles."""

    def _prepare_b2b_home_values(self):
        values = super()._prepare_b2b_home_values()
        user = request.env.user
        values["b2b_team_access"] = user._b2b_has_right("team")
        values["b2b_pending"] = user._b2b_client().b2b_approval_state == "pending"
        return values

    def _prepare_b2b_team_values(self, **extra):
        client = request.env.user._b2b_client()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_team",
                "client": client,
                "members": client._b2b_team_members(),
                "link_candidates": client._b2b_link_candidates(request.env.user),
                "roles": B2B_ROLES,
                "role_labels": dict(request.env["res.partner"]._fields["b2b_role"]._description_selection(request.env)),
                "can_write": request.env.user._b2b_has_right("team", write=True),
                "pending": client.b2b_approval_state == "pending",
                "errors": {},
                "invite": {},
            }
        )
        values.update(extra)
        return values

    @b2b_portal_route("team")
    @http.route("/my/b2b/team", type="http", auth="user", website=True, methods=["GET"])
    def b2b_team(self, done=None, **kwargs):
        messages = {
            "invited": _("The invitation is on its way."),
            "role": _("The role is changed."),
            "removed": _("The access is removed; the person stays in your company's contacts."),
            "linked": _("The colleague now works for this company too and switches to it in the cabinet's header."),
        }
        return request.render("b2b_portal.portal_b2b_team", self._prepare_b2b_team_values(done=messages.get(done)))

    def _b2b_member(self, partner_id):
        client = request.env.user._b2b_client()
        member = request.env["res.partner"].sudo().browse(partner_id).exists()  # colleagues' records
        client._b2b_check_member(member)  # another company's contact is refused here
        return client, member

    def _b2b_team_error(self, message, status=400, **extra):
        values = self._prepare_b2b_team_values(**extra)
        values["errors"] = {**values["errors"], "form": message}
        return request.render("b2b_portal.portal_b2b_team", values, status=status)

    @b2b_portal_route("team", write=True)
    @http.route("/my/b2b/team/invite", type="http", auth="user", website=True, methods=["POST"])
    def b2b_team_invite(self, name="", email="", role="", **kwargs):
        invite = {"name": name.strip(), "email": email.strip(), "role": role}
        errors = {}
        if not invite["name"]:
            errors["name"] = _("This field is required.")
        elif any(char in invite["name"] for char in "<>") or len(invite["name"]) > 120:
            errors["name"] = _("Please write plain text, without the characters < and >.")
        if not invite["email"]:
            errors["email"] = _("This field is required.")
        if role not in dict(B2B_ROLES):
            errors["role"] = _("Choose one of the roles: administrator, buyer, accountant or viewer.")
        if not errors:
            client = request.env.user._b2b_client()
            try:
                client._b2b_invite(invite["name"], invite["email"], role, inviter=request.env.user)
            except UserError as error:
                errors["email"] = error.args[0]
            else:
                return request.redirect("/my/b2b/team?done=invited")
        values = self._prepare_b2b_team_values(invite=invite)
        values["errors"] = errors
        return request.render("b2b_portal.portal_b2b_team", values, status=400)

    @b2b_portal_route("team", write=True)
    @http.route("/my/b2b/team/<int:partner_id>/role", type="http", auth="user", website=True, methods=["POST"])
    def b2b_team_role(self, partner_id, role="", **kwargs):
        try:
            client, member = self._b2b_member(partner_id)
            client._b2b_set_role(member, role)
        except UserError as error:
            return self._b2b_team_error(error.args[0])
        return request.redirect("/my/b2b/team?done=role")

    @b2b_portal_route("team", write=True)
    @http.route("/my/b2b/team/<int:partner_id>/remove", type="http", auth="user", website=True, methods=["POST"])
    def b2b_team_remove(self, partner_id, **kwargs):
        current = request.env.user.b2b_contact_id
        try:
            client, member = self._b2b_member(partner_id)
            client._b2b_remove_access(member)
        except UserError as error:
            return self._b2b_team_error(error.args[0])
        if member == request.env.user.partner_id:
            return request.redirect("/web/session/logout")
        if member == current:
            return request.redirect("/my")  # the admin left this company: back in its own
        return request.redirect("/my/b2b/team?done=removed")

    @b2b_portal_route("team", write=True)
    @http.route("/my/b2b/team/link", type="http", auth="user", website=True, methods=["POST"])
    def b2b_team_link(self, user_id=None, role="", **kwargs):
        """Give a colleague of another company the admin administers access to this one."""
        client = request.env.user._b2b_client()
        record_id = b2b_record_id(user_id)
        user = request.env["res.users"].sudo().browse(record_id or [])  # colleagues of other companies
        try:
            client._b2b_link_user(user, role, inviter=request.env.user)
        except UserError as error:
            return self._b2b_team_error(error.args[0])
        return request.redirect("/my/b2b/team?done=linked")
