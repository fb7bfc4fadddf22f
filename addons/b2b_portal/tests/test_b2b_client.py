import html
import re
import threading
from urllib.parse import parse_qs, urlparse

from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL, mute_logger

from .common import ACCOUNT, BASE_VAT_REJECTED_INN, BIK, B2bTestCommon, make_inn, make_ogrn, registration_post


def assert_signup_link(case, mail, partner):
    """The mail holds a working link to set the password of ``partner``'s user."""
    match = re.search(r'href="([^"]*/web/signup\?[^"]*)"', mail.body_html)
    case.assertTrue(match, mail.body_html)
    token = parse_qs(urlparse(html.unescape(match.group(1))).query)["token"][0]
    case.assertEqual(partner.sudo()._signup_retrieve_partner(token, check_validity=True), partner)


@tagged("post_install", "-at_install")
class TestClientCompany(B2bTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))  # the messages asserted below
        cls.Partner = cls.env["res.partner"]

    def test_backend_constraints(self):
        client = self._b2b_make_client()
        self.assertEqual((client.b2b_bank_bik, client.b2b_bank_account), (BIK, ACCOUNT))
        bad = {
            "vat": ["7707083894", "77070838", "77O7083893"],
            "b2b_kpp": ["77360100", "0000AB001"],
            "b2b_ogrn": [make_ogrn(entrepreneur=True), "1027700132196"],
            "b2b_bank_account": ["40702810800000054322"],
            "b2b_bank_bik": ["144525225"],
        }
        for field, values in bad.items():
            for value in values:
                with self.subTest(field=field, value=value), self.assertRaises(ValidationError):
                    with self.env.cr.savepoint():
                        client.write({field: value})
                        client.flush_recordset()
        # an entrepreneur: 12-digit INN that base_vat rejects, OGRNIP, no KPP
        ip = self._b2b_make_client(inn=BASE_VAT_REJECTED_INN)
        self.assertEqual((len(ip.b2b_ogrn), ip.b2b_kpp), (15, False))
        with self.assertRaises(ValidationError):
            ip.b2b_kpp = "773601001"
        # the same numbers on an ordinary (non-client) partner are not checked
        self.Partner.create({"name": "Поставщик", "is_company": True, "vat": "1234"})

    def test_one_client_per_inn_in_backend(self):
        inn = make_inn()
        first = self._b2b_make_client(inn=inn)
        first.action_archive()
        with self.assertRaisesRegex(ValidationError, "already belongs"):
            self._b2b_make_client(inn=inn)
        with self.assertRaises(ValidationError):
            self.Partner.create({"name": "Другая", "is_company": True, "vat": inn}).b2b_is_client = True
        # a contact of the client shares the INN (commercial field), which is fine
        self.Partner.create({"name": "Контакт", "parent_id": first.id})

    def test_database_enforces_one_client_per_inn(self):
        inn = make_inn()
        self._b2b_make_client(inn=inn).action_archive()
        other = self._b2b_make_client()
        self.env.flush_all()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            # bypass the ORM's constraint: the unique index alone must refuse
            self.env.cr.execute(SQL("UPDATE res_partner SET vat = %s WHERE id = %s", inn, other.id))

    def test_pending_client_cannot_order(self):
        client = self._b2b_make_client("ООО «Ждущий»")
        users = self._b2b_make_team(client)
        self.assertTrue(users["admin"]._b2b_has_right("orders", write=True))
        client.b2b_approval_state = "pending"
        for user in users.values():
            self.assertFalse(user._b2b_has_right("orders", write=True))
            self.assertFalse(user._b2b_has_right("team", write=True))
        self.assertTrue(users["viewer"]._b2b_has_right("orders"))
        self.assertTrue(users["admin"]._b2b_has_right("team"))
        with self.assertRaises(ValueError):
            users["admin"]._b2b_has_right("nonsense", write=True)
        manager = self._b2b_make_staff("manager")
        clerk = self._b2b_make_staff("clerk")
        with self.assertRaises(AccessError):
            client.with_user(clerk).action_b2b_approve()
        client.with_user(manager).action_b2b_approve()
        self.assertEqual(client.b2b_approval_state, "approved")
        self.assertTrue(users["buyer"]._b2b_has_right("orders", write=True))


@tagged("post_install", "-at_install")
class TestTeam(B2bTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))  # the messages asserted below
        cls.client = cls._b2b_make_client("ООО «Команда»")
        cls.users = cls._b2b_make_team(cls.client)
        cls.other = cls._b2b_make_client("ООО «Чужие»")
        cls.other_users = cls._b2b_make_team(cls.other, roles=("admin",))

    def _mails_to(self, email):
        return self.env["mail.mail"].search([("email_to", "ilike", email)])

    def test_internal_users_are_not_the_clients_to_manage(self):
        """A distributor's employee whose contact sits under the client company: the client's
        admin can neither change its role nor remove it."""
        admin = self.users["admin"]
        staff = new_test_user(self.env, "team-staff", groups="base.group_user", email="staff@example.com")
        staff.partner_id.parent_id = self.client
        for action in (
            lambda: self.client.with_user(admin)._b2b_set_role(staff.partner_id, "viewer"),
            lambda: self.client.with_user(admin)._b2b_remove_access(staff.partner_id),
        ):
            with self.assertRaisesRegex(UserError, "not on your company"):
                action()
        self.assertTrue(staff.active)
        self.assertNotIn(staff, self.client._b2b_team_users())

    def test_invitations_per_day_are_capped(self):
        admin = self.users["admin"]
        self.env["ir.config_parameter"].set_param("b2b_portal.invitation_daily_limit", "2")
        for i in range(2):
            self.client.with_user(admin)._b2b_invite(f"Коллега {i}", f"cap{i}@client.example.com", "viewer", admin)
        with self.assertRaisesRegex(UserError, "as many invitations as allowed today"):
            self.client.with_user(admin)._b2b_invite("Коллега 3", "cap3@client.example.com", "viewer", admin)
        self.assertFalse(self._mails_to("cap3@client.example.com"))
        # another company has its own allowance
        other_admin = self.other_users["admin"]
        self.other.with_user(other_admin)._b2b_invite("Чужой", "cap@other.example.com", "viewer", other_admin)

    def test_approval_is_the_default_and_settings_turn_it_off(self):
        Registration = self.env["b2b.registration"]
        self.env["ir.config_parameter"].search([("key", "=", "b2b_portal.registration_approval")]).unlink()
        self.assertTrue(Registration._approval_required())
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.b2b_registration_approval)
        settings.b2b_registration_approval = False
        settings.execute()
        self.assertFalse(Registration._approval_required())
        self.assertFalse(self.env["res.config.settings"].create({}).b2b_registration_approval)
        self.env["res.config.settings"].create({"b2b_registration_approval": True}).execute()
        self.assertTrue(Registration._approval_required())

    def test_invite(self):
        admin = self.users["admin"]
        member = self.client.with_user(admin)._b2b_invite("Новикова Ольга", "Olga@Client.example.com", "buyer", admin)
        user = member.user_ids
        self.assertEqual(member.parent_id, self.client)
        self.assertEqual(member.b2b_role, "buyer")
        self.assertEqual(user.login, "olga@client.example.com")
        self.assertTrue(user._is_portal())
        self.assertEqual(user._b2b_role(), "buyer")
        self.assertTrue(user._b2b_has_right("orders", write=True))
        mail = self._mails_to("olga@client.example.com")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "the invitation goes through the mail queue")
        self.assertIn("ООО «Команда»", mail.subject)
        assert_signup_link(self, mail, member)
        self.assertIn(admin.name, mail.body_html)
        self.assertIn(user, self.client._b2b_team_users())
        self.assertIn(member, self.client.b2b_team_ids)
        # the same e-mail again, or one used by anybody else: refused
        for email in ("olga@client.example.com", self.other_users["admin"].login):
            with self.subTest(email=email), self.assertRaisesRegex(UserError, "already used"):
                self.client._b2b_invite("Кто-то", email, "viewer", admin)
        with self.assertRaises(UserError):
            self.client._b2b_invite("Кто-то", "not-an-email", "viewer", admin)
        with self.assertRaises(UserError):
            self.client._b2b_invite("Кто-то", "x@example.com", "owner", admin)

    def test_change_role_and_last_admin(self):
        buyer = self.users["buyer"].partner_id
        self.client._b2b_set_role(buyer, "accountant")
        self.assertEqual(self.users["buyer"]._b2b_role(), "accountant")
        admin = self.users["admin"].partner_id
        with self.assertRaisesRegex(UserError, "without an administrator"):
            self.client._b2b_set_role(admin, "viewer")
        self.assertEqual(admin.b2b_role, "admin", "nothing changed")
        with self.assertRaisesRegex(UserError, "without an administrator"):
            self.client._b2b_remove_access(admin)
        self.assertTrue(self.users["admin"].active)
        # the backend holds the same rule
        with self.assertRaises(UserError):
            admin.b2b_role = "buyer"
        with self.assertRaises(UserError):
            self.users["admin"].active = False
        # with a second admin, the first may step down
        self.client._b2b_set_role(buyer, "admin")
        self.client._b2b_set_role(admin, "viewer")
        self.assertEqual(admin.b2b_role, "viewer")
        with self.assertRaises(UserError):
            self.client._b2b_set_role(self.other_users["admin"].partner_id, "viewer")

    def test_remove_access_and_invite_again(self):
        viewer = self.users["viewer"]
        self.client._b2b_remove_access(viewer.partner_id)
        self.assertFalse(viewer.active)
        self.assertTrue(viewer.partner_id.active, "the contact stays for history")
        self.assertNotIn(viewer, self.client._b2b_team_users())
        with self.assertRaises(UserError):
            self.client._b2b_remove_access(viewer.partner_id)  # no active access any more
        # another company cannot take this login; this company can give the access back
        with self.assertRaises(UserError):
            self.other._b2b_invite("Чужой", viewer.login, "admin")
        self.client._b2b_invite("Снова зритель", viewer.login, "buyer")
        self.assertTrue(viewer.active)
        self.assertEqual(viewer._b2b_role(), "buyer")
        with self.assertRaises(UserError):
            self.client._b2b_remove_access(self.other_users["admin"].partner_id)

    def test_manager_backend_actions(self):
        manager = self._b2b_make_staff("manager")
        clerk = self._b2b_make_staff("clerk")
        action = self.client.with_user(manager).action_b2b_invite_wizard()
        wizard = (
            self.env["b2b.team.invite.wizard"]
            .with_user(manager)
            .with_context(**action["context"])
            .create({"name": "Петров", "email": "petrov@client.example.com", "role": "accountant"})
        )
        wizard.action_invite()
        user = self.env["res.users"].search([("login", "=", "petrov@client.example.com")])
        self.assertEqual(user._b2b_client(), self.client)
        self.assertEqual(user._b2b_role(), "accountant")
        self.assertTrue(self._mails_to("petrov@client.example.com"))
        user.partner_id.with_user(manager).action_b2b_remove_access()
        self.assertFalse(user.active)
        with self.assertRaises(AccessError):
            self.users["buyer"].partner_id.with_user(clerk).action_b2b_remove_access()
        with self.assertRaises(AccessError):
            self.client.with_user(clerk).action_b2b_invite_wizard()


@tagged("post_install", "-at_install")
class TestRegistrationService(B2bTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))  # the messages asserted below

    def test_validate(self):
        Registration = self.env["b2b.registration"]
        clean, errors = Registration._b2b_validate(registration_post(inn=" 7707 083893 "))
        self.assertFalse(errors)
        self.assertEqual(clean["inn"], "7707083893")
        cases = [
            ({"inn": "7707083894"}, "inn"),
            ({"inn": "77070838ab"}, "inn"),
            ({"kpp": ""}, "kpp"),
            ({"ogrn": make_ogrn(entrepreneur=True)}, "ogrn"),
            ({"account": "40702810800000054322"}, "account"),
            ({"bik": "04452522"}, "bik"),
            ({"company_name": "<b>ООО</b>"}, "company_name"),
            ({"contact_name": "Иван <script>"}, "contact_name"),
            ({"email": "nobody"}, "email"),
            ({"email": "__system__"}, "email"),
            ({"phone": "call me"}, "phone"),
            ({"address": ""}, "address"),
        ]
        for overrides, field in cases:
            with self.subTest(overrides=overrides):
                _clean, errors = Registration._b2b_validate(registration_post(**overrides))
                self.assertIn(field, errors)
        _clean, errors = Registration._b2b_validate(registration_post(entrepreneur=True, kpp="773601001"))
        self.assertEqual(set(errors), {"kpp"})
        _clean, errors = Registration._b2b_validate(registration_post(entrepreneur=True, inn=BASE_VAT_REJECTED_INN))
        self.assertFalse(errors)
        # a login that exists is not revealed by the checks (the address owner is told by e-mail)
        user = new_test_user(self.env, "taken_login", email="taken@example.com")
        _clean, errors = Registration._b2b_validate(registration_post(email=user.login.upper() + "@example.com"))
        self.assertFalse(errors)
        for name in ('=HYPERLINK("http://x")', "+7 ООО", "-ООО", "@ООО"):
            with self.subTest(company_name=name):
                _clean, errors = Registration._b2b_validate(registration_post(company_name=name))
                self.assertIn("company_name", errors)
        for field in ("company_name", "address", "contact_name", "inn", "email", "phone", "bank_name"):
            with self.subTest(nul=field):
                _clean, errors = Registration._b2b_validate(registration_post(**{field: "ООО\x00Ромашка"}))
                self.assertIn(field, errors)

    def test_register_and_duplicate(self):
        manager = self._b2b_make_staff("manager")
        self.env["ir.config_parameter"].set_param("b2b_portal.registration_approval", "True")
        Registration = self.env["b2b.registration"].with_user(self.env.ref("base.public_user"))
        clean, errors = Registration._b2b_validate(registration_post())
        self.assertFalse(errors)
        user = Registration._b2b_register(clean)
        company = user._b2b_client()
        self.assertEqual(company.vat, clean["inn"])
        self.assertEqual(company.b2b_approval_state, "pending")
        self.assertEqual(user._b2b_role(), "admin")
        self.assertFalse(user._b2b_has_right("orders", write=True))
        self.assertEqual(user.login, clean["email"])
        mail = self.env["mail.mail"].search([("email_to", "ilike", clean["email"])])
        self.assertEqual(len(mail), 1)
        assert_signup_link(self, mail, user.partner_id)
        self.assertIn(manager, company.activity_ids.user_id)
        # the same INN again: refused by the database even when the check above is skipped
        counts = (self.env["res.partner"].search_count([]), self.env["res.users"].search_count([]))
        mails = self.env["mail.mail"].search_count([])
        again = registration_post(inn=clean["inn"])
        again_clean, errors = Registration._b2b_validate(again)
        self.assertFalse(errors, "the checks do not say that the INN is a client's")
        with mute_logger("odoo.sql_db"), self.assertRaisesRegex(UserError, "administrator"):
            Registration._b2b_register({**again_clean, "inn": clean["inn"]})
        self.assertEqual((self.env["res.partner"].search_count([]), self.env["res.users"].search_count([])), counts)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)


@tagged("post_install", "-at_install")
class TestRegistrationRace(BaseCase):
    """Two registrations with one INN in two real transactions at once: exactly one wins.

    A BaseCase: no test transaction of our own that could hold locks the two would wait for.
    """

    def test_race(self):
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            public_uid = api.Environment(cr, SUPERUSER_ID, {}).ref("base.public_user").id
        inn = make_inn()
        posts = [registration_post(inn=inn), registration_post(inn=inn)]
        barrier = threading.Barrier(2, timeout=30)
        results = [None, None]

        def register(index):
            with self.registry.cursor() as cr:
                # the test runner holds the registries' lock: give the cursor its registry directly
                cr.transaction = api.Transaction(self.registry)
                env = api.Environment(cr, public_uid, {"lang": "en_US"})
                registration = env["b2b.registration"]
                clean, errors = registration._b2b_validate(posts[index])
                results[index] = ("invalid", errors)
                barrier.wait()  # both have passed the "INN already registered?" check
                try:
                    user = registration._b2b_register(clean)
                    cr.commit()  # pylint: disable=invalid-commit  # two real transactions race here
                    results[index] = ("ok", user.id)
                except UserError as error:
                    cr.rollback()
                    results[index] = ("refused", str(error))

        threads = [threading.Thread(target=register, args=(i,)) for i in range(2)]
        try:
            with mute_logger("odoo.sql_db"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
            self.assertEqual(sorted(r[0] for r in results), ["ok", "refused"], results)
            refused = next(r for r in results if r[0] == "refused")
            self.assertIn("administrator", refused[1])
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
                self.assertEqual(env["res.partner"].search_count([("vat", "=", inn), ("is_company", "=", True)]), 1)
                logins = [p["email"] for p in posts]
                self.assertEqual(env["res.users"].search_count([("login", "in", logins)]), 1)
                mails = ["|", ("email_to", "ilike", logins[0]), ("email_to", "ilike", logins[1])]
                self.assertEqual(env["mail.mail"].search_count(mails), 1)
        finally:
            with self.registry.cursor() as cr:  # the winner was committed: remove it
                env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
                logins = [p["email"] for p in posts]
                users = env["res.users"].search([("login", "in", logins)])
                env["mail.mail"].search(
                    ["|", ("email_to", "ilike", logins[0]), ("email_to", "ilike", logins[1])]
                ).unlink()
                partners = users.partner_id | env["res.partner"].search([("vat", "=", inn)])
                env["mail.activity"].search(
                    [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
                ).unlink()
                users.unlink()
                partners.unlink()
