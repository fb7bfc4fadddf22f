from odoo import models

# What each portal role may do, per area of the cabinet. "write" implies "read".
# admin — everything; buyer — catalog, orders, waybills; accountant — invoices, payments, acts;
# viewer — read only. Controllers and record rules both rely on this table.
B2B_AREAS = ("catalog", "orders", "waybills", "invoices", "acts", "team")
B2B_ROLE_RIGHTS = {
    "admin": dict.fromkeys(B2B_AREAS, "write"),
    "buyer": {"catalog": "write", "orders": "write", "waybills": "write", "invoices": "read"},
    "accountant": {"catalog": "read", "orders": "read", "invoices": "write", "acts": "write"},
    "viewer": {"catalog": "read", "orders": "read", "waybills": "read", "invoices": "read", "acts": "read"},
}


class ResUsers(models.Model):
    _inherit = "res.users"

    def _b2b_client(self):
        """The client company this user works for, or an empty recordset."""
        self.ensure_one()
        company = self.partner_id.commercial_partner_id
        return company if company.b2b_is_client and company != self.partner_id else company.browse()

    def _b2b_role(self):
        """The user's role in its client company's cabinet, or False."""
        self.ensure_one()
        return self._b2b_client() and self.partner_id.b2b_role

    def _b2b_has_right(self, area, write=False):
        """Whether this user may see (or, with write=True, change) an area of the cabinet."""
        self.ensure_one()
        if area not in B2B_AREAS:
            raise ValueError(f"unknown B2B area {area!r}")
        right = B2B_ROLE_RIGHTS.get(self._b2b_role() or "", {}).get(area)
        return right == "write" if write else right in ("read", "write")

    def _b2b_may_see_credit(self):
        """Whether this user sees the client company's debt, overdue, limit and available
        amount: those who order or pay for the company (admin, buyer, accountant), not a
        read-only viewer."""
        self.ensure_one()
        return self._b2b_has_right("orders", write=True) or self._b2b_has_right("invoices", write=True)
