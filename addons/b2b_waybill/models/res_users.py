from odoo import _, models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _b2b_get_nav_items(self):
        items = super()._b2b_get_nav_items()
        # the waybill pages' own rule: who may issue waybills, in a client with a consignment contract
        if self._b2b_has_right("waybills", write=True) and self._b2b_client()._b2b_consignment_contract():
            items.append(self._b2b_nav_item("waybills", _("Waybills"), "/my/b2b/waybills", 50))
        return items
