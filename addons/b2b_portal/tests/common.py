"""The one fixture API of the b2b tests: every add-on's tests build their world with it.

Mix `B2bTestCommon` into a TransactionCase or HttpCase and call its class methods from
`setUpClass` (or from a test):

- `_b2b_make_client(name=None, inn=None, entrepreneur=False, **values)`: a client company with a
  valid INN (made for it, never shared with another fixture), KPP, OGRN and bank details;
- `_b2b_make_user(client, role, login=None, **values)`: a portal user of the client with a role
  (login = password = e-mail); `_b2b_make_team(client, roles=ROLES)` makes one per role;
- `_b2b_make_staff(job)`: a back-office user of the distributor (`manager`, `storekeeper`,
  `accountant`, `clerk`);
- `_b2b_make_product(name, code=None, qty=0, price=100.0, **values)`: a storable product with
  `qty` in stock;
- `_b2b_make_order(client, lines, confirm=True)`: a sale order placed by the distributor's staff;
- `_b2b_make_distributor()`: the current company with its requisites (for printed documents);
  `_b2b_make_entity(name)`: another legal entity of the distributor, in roubles, with a chart;
  `_b2b_make_distributor_entity(name)`: such an entity named in the settings as the one that
  receives registrations and demo-invoice requests (not Odoo's main company);
- `_b2b_make_contract(client, contract_type="sale", activate=True, **values)`: a contract, when
  `b2b_pricing` is installed;
- `_b2b_setup()`: the common scene (client «Альфа» with one user per role, client «Бета» with an
  admin, two products in stock) that most tests start from.

`_b2b_on(env)` gives the same builders on another environment, e.g. a committed cursor for a
race test. Module functions `make_inn`, `make_ogrn` and `registration_post` give valid numbers
and a filled registration form; `xlsx_cells` and `xlsx_rows` read back the XLSX files the add-ons
write. Nothing is taken from demo data.
"""

import io
import itertools
import uuid
import zipfile

from lxml import etree

from odoo import Command
from odoo.tests import new_test_user

from ..tools import ru_numbers as rn

ROLES = ("admin", "buyer", "accountant", "viewer")
STAFF_GROUPS = {
    "manager": "base.group_user,b2b_portal.group_b2b_manager",
    "storekeeper": "base.group_user,b2b_portal.group_b2b_storekeeper",
    "accountant": "base.group_user,account.group_account_invoice",
    "clerk": "base.group_user,base.group_partner_manager",
}
XLSX_NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
BIK = "044525225"
ACCOUNT = "40702810800000054321"  # its control key matches BIK
CORR_ACCOUNT = "30101810400000000225"
# an entrepreneur's INN whose first check sum leaves 10: Odoo's base_vat rejects it, it is valid
BASE_VAT_REJECTED_INN = "771200000003"

# fixture users get their password at once: no invitation to set one (an e-mail rendered per user)
NO_MAIL = {"no_reset_password": True}
_serial = itertools.count(1)
# logins of users committed by race tests stay in the database: make this run's logins its own
_RUN = uuid.uuid4().hex[:4]


def _check_digit(digits, weights):
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


def make_inn(entrepreneur=False, seed=None):
    """A valid INN that no other call of this run returns (the body comes from a counter).

    Region 50 (no literal INN of the tests starts so), spread by a prime so that neighbours differ."""
    seed = next(_serial) if seed is None else seed
    if entrepreneur:
        body = "50%08d" % (seed * 7919 % 10**8)
        body += _check_digit(body, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
        return body + _check_digit(body, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
    body = "50%07d" % (seed * 7919 % 10**7)
    return body + _check_digit(body, (2, 4, 10, 3, 5, 9, 4, 6, 8))


def make_ogrn(entrepreneur=False, seed=0):
    """A valid OGRN (13 digits) or OGRNIP (15 digits)."""
    if entrepreneur:
        body = "3045000%07d" % (seed % 10**7)
        return body + rn.ogrnip_check_digit(body)
    body = "1025000%05d" % (seed % 10**5)
    return body + str(int(body) % 11 % 10)


def registration_post(**overrides):
    """The fields of a filled /b2b/register form with valid numbers of their own."""
    entrepreneur = overrides.pop("entrepreneur", False)
    seed = next(_serial)
    post = {
        "company_name": "ИП Тестов Тест Тестович" if entrepreneur else "ООО «Тест %s»" % seed,
        "inn": make_inn(entrepreneur, seed),
        "kpp": "" if entrepreneur else "773601001",
        "ogrn": make_ogrn(entrepreneur, seed),
        "address": "г. Москва, ул. Тестовая, д. %s" % seed,
        "bik": BIK,
        "bank_name": "ПАО Сбербанк",
        "account": ACCOUNT,
        "contact_name": "Тестов Тест %s" % seed,
        "email": "reg%s-%s@client.example.com" % (_RUN, seed),
        "phone": "+7 495 123-45-67",
    }
    post.update(overrides)
    return post


def xlsx_cells(content):
    """{(row, column): value} of the first sheet, rows and columns from 0."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = etree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(si.itertext()) for si in root.findall("x:si", XLSX_NS)]
        sheet = etree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for cell in sheet.iterfind(".//x:c", XLSX_NS):
        ref = cell.get("r")
        letters = "".join(ch for ch in ref if ch.isalpha())
        column = 0
        for ch in letters:
            column = column * 26 + ord(ch) - 64
        row = int(ref[len(letters) :]) - 1
        kind = cell.get("t")
        value_node = cell.find("x:v", XLSX_NS)
        if kind == "s":
            value = shared[int(value_node.text)]
        elif kind == "inlineStr":
            value = "".join(cell.find("x:is", XLSX_NS).itertext())
        elif kind == "str":
            value = value_node.text
        elif value_node is not None:
            value = float(value_node.text)
        else:
            continue
        cells[(row, column - 1)] = value
    return cells


def xlsx_rows(content):
    """The first sheet of an XLSX file as tuples of cell values, one a row."""
    cells = xlsx_cells(content)
    width = max((column for _row, column in cells), default=-1) + 1
    return [tuple(cells.get((row, column)) for column in range(width)) for row in sorted({r for r, _c in cells})]


class B2bTestCommon:
    """Builders of clients, their users, the distributor's staff, products and orders (see the
    module's docstring). Class methods on `cls.env`."""

    ROLES = ROLES

    @classmethod
    def _b2b_on(cls, env):
        """These builders on `env` (a committed cursor of a race test, another user...)."""
        return type(f"{cls.__name__}On", (cls,), {"env": env})

    # ------------------------------------------------------------------ clients and their users

    @classmethod
    def _b2b_make_client(cls, name=None, inn=None, entrepreneur=False, **values):
        """A client company with valid numbers and bank details; `values` override any field."""
        seed = next(_serial)
        inn = inn or make_inn(entrepreneur, seed)
        entrepreneur = len(inn) == 12
        vals = {
            "name": name or ("ИП Клиентов %s" % seed if entrepreneur else "ООО «Клиент %s»" % seed),
            "is_company": True,
            "b2b_is_client": True,
            "vat": inn,
            "b2b_kpp": False if entrepreneur else "773601001",
            "b2b_ogrn": make_ogrn(entrepreneur, seed),
            "street": "г. Москва, ул. Клиентская, д. %s" % seed,
            "b2b_bank_name": "ПАО Сбербанк",
            "b2b_bank_bik": BIK,
            "b2b_bank_account": ACCOUNT,
            "b2b_bank_corr_account": CORR_ACCOUNT,
            **values,
        }
        return cls.env["res.partner"].create(vals)

    @classmethod
    def _b2b_make_user(cls, client, role, login=None, **values):
        """A portal user of `client` with `role`; its login, e-mail and password are `login`."""
        login = login or "%s%s-%s@client.example.com" % (role, _RUN, next(_serial))
        user = new_test_user(
            cls.env,
            login,
            groups="base.group_portal",
            context=NO_MAIL,
            email=login,
            name=f"{client.name} {role}",
            **values,
        )
        user.partner_id.write({"parent_id": client.id, "b2b_role": role})
        return user

    @classmethod
    def _b2b_make_team(cls, client, roles=ROLES, **values):
        """{role: portal user} of `client`, one user per role."""
        return {role: cls._b2b_make_user(client, role, **values) for role in roles}

    # ------------------------------------------------------------------ the distributor

    @classmethod
    def _b2b_make_staff(cls, job, login=None, **values):
        """A back-office user: `manager` (B2B manager), `storekeeper`, `accountant` (invoicing),
        `clerk` (an employee without B2B rights)."""
        login = login or "%s%s-%s" % (job, _RUN, next(_serial))
        email = f"{login}@distributor.example.com"
        return new_test_user(cls.env, login, groups=STAFF_GROUPS[job], context=NO_MAIL, email=email, **values)

    @classmethod
    def _b2b_make_distributor(cls):
        """The current company, with the requisites its printed documents show."""
        company = cls.env.company
        company.partner_id.write(
            {
                "vat": make_inn(),
                "b2b_kpp": "774301001",
                "b2b_bank_name": "ПАО Сбербанк",
                "b2b_bank_bik": BIK,
                "b2b_bank_account": "40702810938000000001",
                "b2b_bank_corr_account": CORR_ACCOUNT,
            }
        )
        return company

    @classmethod
    def _b2b_make_entity(cls, name, chart=True):
        """Another legal entity of the distributor, in roubles, with a chart of accounts (slow:
        a few seconds) unless `chart` is false; the current user may work in it."""
        rub = cls.env.ref("base.RUB")
        rub.active = True
        company = cls.env["res.company"].create(
            {"name": name, "currency_id": rub.id, "country_id": cls.env.ref("base.ru").id, "vat": make_inn()}
        )
        cls.env.user.company_ids |= company
        if chart:
            cls.env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
            company.currency_id = rub
        return company

    @classmethod
    def _b2b_make_distributor_entity(cls, name="ООО «Дистрибьютор-2»", chart=False):
        """A legal entity of the distributor that is NOT Odoo's main company, named in the B2B
        settings as the one receiving registrations and demo-invoice requests: whatever falls
        back to the first company (the portal template user's, the public user's) lands apart."""
        company = cls._b2b_make_entity(name, chart=chart)
        assert company != cls.env.ref("base.main_company")
        cls.env["ir.config_parameter"].set_param("b2b_portal.distributor_company_id", str(company.id))
        return company

    @classmethod
    def _b2b_make_contract(cls, client, contract_type="sale", activate=True, **values):
        """A contract of `client` with the current company (`b2b_pricing` must be installed)."""
        contract = cls.env["b2b.contract"].create(
            {
                "name": f"Д-{client.id}-{next(_serial)}",
                "partner_id": client.id,
                "company_id": cls.env.company.id,
                "contract_type": contract_type,
                **values,
            }
        )
        if activate:
            contract.action_activate()
        return contract

    # ------------------------------------------------------------------ goods and orders

    @classmethod
    def _b2b_warehouse(cls, company=None):
        company = company or cls.env.company
        return cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)

    @classmethod
    def _b2b_make_product(cls, name, code=None, qty=0, price=100.0, **values):
        """A storable, sellable product with `qty` free in the current company's stock."""
        product = cls.env["product.product"].create(
            {"name": name, "default_code": code, "is_storable": True, "list_price": price, **values}
        )
        if qty:
            location = cls._b2b_warehouse().lot_stock_id
            cls.env["stock.quant"]._update_available_quantity(product, location, qty)
        return product

    @classmethod
    def _b2b_make_order(cls, client, lines, confirm=True):
        """A sale order the distributor's staff enter for `client`: [(product, qty)] at list price."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": client.id,
                "company_id": cls.env.company.id,
                "warehouse_id": cls._b2b_warehouse().id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": product.list_price})
                    for product, qty in lines
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    # ------------------------------------------------------------------ the common scene

    @classmethod
    def _b2b_setup(cls):
        """Client «Альфа» (`client`, `client_users` per role), client «Бета» (`other_client`,
        `other_users` with an admin), products `product_a` (T-A5, 100 in stock) and `product_b`
        (T-SP6, 1000 in stock) in `stock_location`."""
        cls.client = cls._b2b_make_client("ООО «Альфа»", lang="en_US")
        cls.client_users = cls._b2b_make_team(cls.client)
        cls.other_client = cls._b2b_make_client("ООО «Бета»")
        cls.other_users = cls._b2b_make_team(cls.other_client, roles=("admin",))
        cls.stock_location = cls._b2b_warehouse().lot_stock_id
        cls.product_a = cls._b2b_make_product(
            "Блок календарный A5", code="T-A5", qty=100, price=100.0, weight=0.2, volume=0.0005
        )
        cls.product_b = cls._b2b_make_product(
            "Пружина 6,4 мм", code="T-SP6", qty=1000, price=2.5, weight=0.004, volume=0.00001
        )
