# pylint: disable=consider-merging-classes-inherited
# (in its own file: the requisites every Russian document shows; res_partner.py holds the base fields)
from odoo import models

from ..tools import ru_documents


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _b2b_address_text(self):
        """This partner's address on one line, Russian order (zip, region, city, street), no empty parts."""
        self.ensure_one()
        foreign = self.country_id and self.country_id.code != "RU"
        return ru_documents.join_address(
            self.zip,
            self.country_id.name if foreign else "",
            self.state_id.name if self.state_id and self.state_id.name != self.city else "",
            self.city,
            self.street,
            self.street2,
        )

    def _b2b_bank_details(self):
        """(bank name, BIK, settlement account, correspondent account) of the company: the B2B fields,
        else its first bank account in Odoo."""
        company = self.commercial_partner_id
        # sudo: portal users may not read bank accounts; only what the documents print is read
        bank = company.sudo().bank_ids[:1]
        return (
            company.b2b_bank_name or bank.bank_id.name or "",
            company.b2b_bank_bik or bank.bank_id.bic or "",
            company.b2b_bank_account or bank.acc_number or "",
            company.b2b_bank_corr_account or "",
        )

    def _b2b_requisites(self):
        """The requisites a Russian document shows for this party, as plain strings.

        Legal details (name, INN, KPP, OGRN, bank) are the company's (the commercial partner's);
        the address is this partner's own, so a delivery address gives the consignee's place.
        Rendered by the QWeb template ``b2b_portal.b2b_requisites_block``.
        """
        self.ensure_one()
        company = self.commercial_partner_id
        bank_name, bik, account, corr_account = self._b2b_bank_details()
        return {
            "name": company.name or "",
            "inn": company.vat or "",
            "kpp": company.b2b_kpp or "",
            "ogrn": company.b2b_ogrn or "",
            "address": self._b2b_address_text() or company._b2b_address_text(),
            "phone": company.phone or "",
            "bank_name": bank_name,
            "bik": bik,
            "account": account,
            "corr_account": corr_account,
            "has_bank": bool(account),
        }
