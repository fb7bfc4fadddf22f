from odoo import models

from ..tools import ru_documents


class UomUom(models.Model):
    _inherit = "uom.uom"

    def _b2b_okei(self):
        """{unit id: (Russian short name, OKEI code)} for Russian documents; the code is empty
        (and the name the unit's own) for a unit the mapping does not know.

        Override to add units (or set `ru_documents.OKEI_BY_XMLID` / `OKEI_BY_NAME`).
        """
        xmlids = self.get_external_id()
        # the English name is the key: the units' names are translated in the user's language
        names = {unit.id: unit.name for unit in self.with_context(lang="en_US")}
        result = {}
        for unit in self:
            short, code = ru_documents.okei_unit(xmlids.get(unit.id), names[unit.id])
            if not code:
                short, code = ru_documents.okei_unit(None, unit.name)
            result[unit.id] = (short, code)
        return result
