from odoo import _, models
from odoo.tools import format_amount


class ResUsers(models.Model):
    _inherit = "res.users"

    def _b2b_get_nav_items(self):
        items = super()._b2b_get_nav_items()
        if self._b2b_has_right("orders", write=True):
            count, total, currency = self.env["sale.order"]._b2b_draft_summary(self)
            items.append(
                self._b2b_nav_item(
                    "order",
                    _("Current order"),
                    "/my/b2b/order",
                    20,
                    badge=count or None,
                    note=format_amount(self.env, total, currency) if count else None,
                )
            )
        return items
