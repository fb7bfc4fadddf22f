from odoo import _, http
from odoo.addons.b2b_portal.controllers.portal import b2b_portal_route
from odoo.addons.b2b_portal.controllers.team import B2bTeamPortal
from odoo.exceptions import UserError
from odoo.http import request

from ..models.res_partner_order_scope import B2B_ORDER_SCOPES


class B2bTeamOrderScope(B2bTeamPortal):
    """The team page's «Orders» column: which orders each colleague sees."""

    def _prepare_b2b_team_values(self, **extra):
        values = super()._prepare_b2b_team_values(**extra)
        env = request.env
        values["b2b_order_scopes"] = B2B_ORDER_SCOPES
        values["b2b_order_scope_labels"] = dict(
            env["res.partner"]._fields["b2b_order_scope"]._description_selection(env)
        )
        return values

    @b2b_portal_route("team")
    @http.route("/my/b2b/team", type="http", auth="user", website=True, methods=["GET"])
    def b2b_team(self, done=None, **kwargs):
        if done == "scope":
            return request.render(
                "b2b_portal.portal_b2b_team", self._prepare_b2b_team_values(done=_("The change is saved."))
            )
        return super().b2b_team(done=done, **kwargs)

    @b2b_portal_route("team", write=True)
    @http.route("/my/b2b/team/<int:partner_id>/order-scope", type="http", auth="user", website=True, methods=["POST"])
    def b2b_team_order_scope(self, partner_id, scope="", **kwargs):
        try:
            client, member = self._b2b_member(partner_id)
            client._b2b_set_order_scope(member, scope)
        except UserError as error:
            return self._b2b_team_error(error.args[0])
        return request.redirect("/my/b2b/team?done=scope")
