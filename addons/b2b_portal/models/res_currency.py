from odoo import models

from ..tools import ru_documents


class ResCurrency(models.Model):
    _inherit = "res.currency"

    def _b2b_amount_in_words(self, amount, capital=True):
        """The amount in words as Russian documents write it: «Одна тысяча рублей 00 копеек» for
        roubles (whatever the language: these are Russian forms), Odoo's wording for others."""
        self.ensure_one()
        if self.name == "RUB":
            return ru_documents.rub_in_words(amount, capital=capital)
        words = self.amount_to_text(amount)
        return words if capital else words[:1].lower() + words[1:]

    def _b2b_short_name(self):
        """The currency after a figure on a Russian document: «руб.» for roubles, else its code."""
        self.ensure_one()
        return ru_documents.CURRENCY_SHORT_NAMES.get(self.name, self.name)
