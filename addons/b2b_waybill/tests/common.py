from odoo import Command
from odoo.addons.b2b_portal.tests.common import ROLES, B2bTestCommon

__all__ = ["ROLES", "B2bWaybillCommon"]


class B2bWaybillCommon(B2bTestCommon):
    """A consignment client with one user per role, another consignment client with an admin,
    a storekeeper and a 20% VAT for the products (`_b2b_waybill_setup`); products carry the tax
    (`_b2b_waybill_product`)."""

    @classmethod
    def _b2b_waybill_setup(cls):
        cls.company = cls.env.company
        cls.client = cls._b2b_contract_client("ООО «Консигнант»")
        cls.users = cls._b2b_make_team(cls.client)
        cls.buyer = cls.users["buyer"]
        cls.other_client = cls._b2b_contract_client("ООО «Чужой консигнант»")
        cls.other_admin = cls._b2b_make_user(cls.other_client, "admin")
        cls.storekeeper = cls._b2b_make_staff("storekeeper")
        cls.tax = cls.env["account.tax"].create(
            {"name": f"НДС 20% {cls.client.id}", "amount": 20, "amount_type": "percent", "type_tax_use": "sale"}
        )

    @classmethod
    def _b2b_contract_client(cls, name, contract_type="consignment"):
        client = cls._b2b_make_client(name)
        cls._b2b_make_contract(client, contract_type)
        return client

    @classmethod
    def _b2b_waybill_product(cls, name, qty, weight=0.5, price=100.0, code=None):
        return cls._b2b_make_product(
            name, code=code, qty=qty, price=price, weight=weight, taxes_id=[Command.set(cls.tax.ids)]
        )
