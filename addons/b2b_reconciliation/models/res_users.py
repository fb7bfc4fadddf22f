from odoo import _, models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _b2b_get_nav_items(self):
        items = super()._b2b_get_nav_items()
        if self._b2b_has_right("acts"):
            items.append(self._b2b_nav_item("acts", _("Reconciliation acts"), "/my/b2b/acts", 60))
        return items
