# pylint: disable=consider-merging-classes-inherited
# (in its own file, apart from the other res.partner extensions, so that parallel work does not collide)
from odoo import _, api, fields, models
from odoo.exceptions import UserError

B2B_ORDER_SCOPES = [
    ("own", "Own orders"),
    ("company", "All orders of the company"),
]
# The scope a role starts with (the client's admin may change it per person on the team page).
# A buyer sees his own orders, not those his colleagues built in the portal (buyers of one client
# often work for different shops or departments); the orders the distributor's staff entered for
# the company stay visible to him (he collects and repeats them). The admin, the accountant who
# pays every invoice and the viewer (a read-only role for a director or an auditor, whose job is
# to watch the company's buying) see them all.
B2B_ROLE_ORDER_SCOPE = {"admin": "company", "accountant": "company", "viewer": "company", "buyer": "own"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    b2b_order_scope = fields.Selection(
        B2B_ORDER_SCOPES,
        string="Orders seen in the portal",
        compute="_compute_b2b_order_scope",
        store=True,
        readonly=False,
        help="Own orders: the portal user sees the orders he built in the B2B portal, those addressed "
        "to him and those the distributor entered for the company, with their invoices and "
        "documents, but not the orders his colleagues built in the portal. All orders of the "
        "company: every order of the client company, as in Odoo's portal. Follows the role when "
        "the role changes; the client's administrator may change it on the team page. Enforced "
        "by the record rules of sale orders and invoices.",
    )

    @api.depends("b2b_role")
    def _compute_b2b_order_scope(self):
        for partner in self:
            partner.b2b_order_scope = B2B_ROLE_ORDER_SCOPE.get(partner.b2b_role)

    def write(self, vals):
        result = super().write(vals)
        if {"b2b_order_scope", "b2b_role", "b2b_approval_state"} & vals.keys():
            # portal record rules read these (b2b_sale_list too): their cached domains are per user
            self.env.registry.clear_cache()
        return result

    def _b2b_set_order_scope(self, member, scope):
        """The client's admin sets which orders a colleague sees (see `_b2b_set_role`)."""
        self.ensure_one()
        self._b2b_check_member(member)
        if scope not in dict(B2B_ORDER_SCOPES):
            raise UserError(_("Choose which orders the person sees: own orders or all orders of the company."))
        member.sudo().b2b_order_scope = scope  # a manager's field; the caller checked the admin right
        return member
