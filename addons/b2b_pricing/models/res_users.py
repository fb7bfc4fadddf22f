from odoo import _, models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _b2b_get_nav_items(self):
        items = super()._b2b_get_nav_items()
        if self._b2b_role() == "admin":  # the feed page's own rule: the client's administrator
            items.append(self._b2b_nav_item("feed", _("Feed"), "/my/b2b/feed", 80))
        return items
