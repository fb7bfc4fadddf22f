from odoo import models

from ..tools import ru_documents
from ..tools.formats import NumberFormat


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

    def _b2b_number_format(self):
        """The separators of the current language, for `tools.formats`."""
        return NumberFormat.from_lang(self.env["res.lang"]._get_data(code=self.env.lang or "en_US"))

    def _b2b_format_quantity(self, quantity, number_format=None):
        """A quantity of this unit as a client reads it: «50» for pieces, «12,5» for kg."""
        self.ensure_one()
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        return (number_format or self._b2b_number_format()).quantity(quantity, self.rounding, precision)

    def _b2b_short_name(self):
        """{unit id: the unit as a client reads it next to a number}: «шт», «кг» in Russian
        (the documents' short names), else the unit's own name."""
        if (self.env.lang or "").startswith("ru"):
            return {unit_id: short for unit_id, (short, _code) in self._b2b_okei().items()}
        return {unit.id: unit.name for unit in self}
