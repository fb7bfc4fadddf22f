import re

from odoo import _, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..tools.inputs import safe_local_path
from .portal import B2bCustomerPortal, b2b_record_id

# the part of a cabinet path from the first record id on: /my/orders/12 → /my/orders
B2B_RECORD_PART = re.compile(r"/\d+(/.*)?$")


class B2bEntityPortal(B2bCustomerPortal):
    """The switch of the current client legal entity in the cabinet's header."""

    @http.route("/my/b2b/entity", type="http", auth="user", website=True, methods=["POST"])
    def b2b_entity_switch(self, entity_id=None, redirect=None, **kwargs):
        user = request.env.user
        record_id = b2b_record_id(entity_id)
        try:
            if record_id is None:
                raise UserError(_("You do not work for this company in the cabinet."))
            entity = user._b2b_switch_entity(record_id)
        except (UserError, ValidationError) as error:
            return self._b2b_refuse(error.args[0])
        self._b2b_notify(_("You now work for %s.", entity.name))
        # a record of the previous entity is not the new one's: back to the list it came from
        back = B2B_RECORD_PART.sub("", safe_local_path(redirect, default="/my").split("?")[0]) or "/my"
        return request.redirect(back if back.startswith("/my") else "/my")
