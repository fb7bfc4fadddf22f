from odoo import _, models

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
        """The client company this user works for now (its current legal entity, see
        res_users_b2b_entity.py), or an empty recordset."""
        self.ensure_one()
        contact = self.b2b_contact_id
        company = contact.commercial_partner_id
        return company if company.b2b_is_client and company != contact else company.browse()

    def _b2b_role(self):
        """The user's role in its client company's cabinet, or False."""
        self.ensure_one()
        return self._b2b_client() and self.b2b_contact_id.b2b_role

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

    # --- the cabinet's navigation -------------------------------------------------

    def _b2b_nav(self):
        """The cabinet's navigation bar of this user, sorted: what `_b2b_get_nav_items` offers,
        for a client company's user only (the bar on every portal page, see
        `b2b_portal.b2b_nav`)."""
        self.ensure_one()
        if not self._b2b_client():
            return []
        return sorted(self._b2b_get_nav_items(), key=lambda item: item["sequence"])

    def _b2b_get_nav_items(self):
        """Hook: the entries of the navigation bar this user's role may use, as dicts
        ``{key, label, url, sequence, paths}`` (``paths``: the URL prefixes where the entry is
        the current one; optional ``badge`` and ``note``: a count and a short text after the
        label). Each add-on adds the entries of the pages it provides."""
        items = []
        if self._b2b_has_right("catalog"):
            items.append(self._b2b_nav_item("catalog", _("Catalog"), "/my/b2b/catalog", 10))
        if self._b2b_has_right("orders"):
            items.append(
                self._b2b_nav_item("orders", _("Orders"), "/my/orders", 30, paths=("/my/orders", "/my/quotes"))
            )
        if self._b2b_has_right("invoices"):
            items.append(self._b2b_nav_item("invoices", _("Invoices"), "/my/invoices", 40))
        if self._b2b_has_right("team"):
            items.append(self._b2b_nav_item("team", _("Team"), "/my/b2b/team", 70))
        return items

    def _b2b_nav_item(self, key, label, url, sequence, paths=None, **extra):
        return {"key": key, "label": label, "url": url, "sequence": sequence, "paths": paths or (url,), **extra}
