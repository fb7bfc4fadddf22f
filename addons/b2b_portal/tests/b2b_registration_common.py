"""Fixtures for the registration and team tests: valid numbers made from their rules, client companies."""

import itertools

from odoo.tests import new_test_user

from ..tools import ru_numbers as rn

_serial = itertools.count(1)


def make_inn(entrepreneur=False, seed=None):
    """A valid INN that no other call returns (the body comes from a counter)."""
    seed = next(_serial) if seed is None else seed
    if entrepreneur:
        body = "77%08d" % (seed * 7919 % 10**8)
        body += str(sum(int(d) * w for d, w in zip(body, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8), strict=True)) % 11 % 10)
        return body + str(
            sum(int(d) * w for d, w in zip(body, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8), strict=True)) % 11 % 10
        )
    body = "77%07d" % (seed * 7919 % 10**7)
    return body + str(sum(int(d) * w for d, w in zip(body, (2, 4, 10, 3, 5, 9, 4, 6, 8), strict=True)) % 11 % 10)


def make_ogrn(entrepreneur=False, seed=0):
    if entrepreneur:
        body = "3047700%07d" % seed
        return body + rn.ogrnip_check_digit(body)
    body = "1027700%05d" % seed
    return body + str(int(body) % 11 % 10)


BIK = "044525225"
ACCOUNT = "40702810800000054321"
# an entrepreneur's INN whose first check sum leaves 10: Odoo's base_vat rejects it, it is valid
BASE_VAT_REJECTED_INN = "771200000003"


def registration_post(**overrides):
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
        "email": "reg%s@client.example.com" % seed,
        "phone": "+7 495 123-45-67",
    }
    post.update(overrides)
    return post


def make_client(env, name, roles=("admin", "buyer", "accountant", "viewer"), prefix=None, **values):
    """A client company with one portal user per role; logins are `<prefix>-<role>@example.com` (password = login)."""
    company = env["res.partner"].create(
        {"name": name, "is_company": True, "b2b_is_client": True, "vat": make_inn(), "b2b_kpp": "773601001", **values}
    )
    users = {}
    for role in roles:
        login = f"{prefix}-{role}@example.com"
        user = new_test_user(env, login, groups="base.group_portal", email=login, name=f"{name} {role}")
        user.partner_id.write({"parent_id": company.id, "b2b_role": role})
        users[role] = user
    return company, users
