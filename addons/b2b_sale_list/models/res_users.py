from odoo import _, models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _b2b_get_nav_items(self):
        items = super()._b2b_get_nav_items()
        if self._b2b_has_right("orders"):
            items.append(self._b2b_nav_item("lists", _("Saved lists"), "/my/b2b/lists", 25))
        return items
