import re
import threading

import requests

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from .common import BASE_VAT_REJECTED_INN, B2bTestCommon, make_inn, registration_post


class RegistrationHttpCommon(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # both languages on the portal; the tests ask for English unless they test Russian
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["ir.default"].set("res.partner", "lang", "en_US")  # the portal's default language
        cls.client = cls._b2b_make_client("ООО «Есть»")
        cls.users = cls._b2b_make_team(cls.client)
        cls.other = cls._b2b_make_client("ООО «Другой»")
        cls.other_users = cls._b2b_make_team(cls.other, roles=("admin",))
        cls.manager = cls._b2b_make_staff("manager")

    def authenticate(self, user, password, browser=None):
        session = super().authenticate(user, password, browser=browser)
        # without the website app, the portal's language comes from this cookie (else the default one)
        self.opener.cookies["frontend_lang"] = "en_US"
        return session

    def _form(self, opener=None):
        response = (opener or self.opener).get(self.base_url() + "/b2b/register")
        self.assertEqual(response.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        token = re.search(r'name="form_token" value="([^"]+)"', response.text).group(1)
        return csrf, token

    def _submit(self, post, opener=None, csrf=True):
        csrf_token, form_token = self._form(opener)
        data = {**post, "form_token": form_token}
        if csrf:
            data["csrf_token"] = csrf_token
        return (opener or self.opener).post(self.base_url() + "/b2b/register", data=data, allow_redirects=False)

    def _counts(self):
        return (
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["res.users"].with_context(active_test=False).search_count([]),
            self.env["mail.mail"].search_count([]),
        )

    def _anonymous(self):
        self.session = None  # keep the previous session alive (authenticate() would delete it)
        self.authenticate(None, None)
        return self.opener


@tagged("post_install", "-at_install")
class TestRegistrationHttp(RegistrationHttpCommon):
    def test_form_for_visitors_only(self):
        self._anonymous()
        response = self.url_open("/b2b/register")
        self.assertEqual(response.status_code, 200)
        for field in ("company_name", "inn", "kpp", "ogrn", "address", "bik", "account", "contact_name", "email"):
            self.assertIn(f'name="{field}"', response.text)
        users = {**self.users, "other": self.other_users["admin"]}
        for who, user in users.items():
            with self.subTest(who=who):
                self.authenticate(user.login, user.login)
                counts = self._counts()
                response = self.url_open("/b2b/register", allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my"))
                response = self.url_open("/b2b/register", data=registration_post(), allow_redirects=False, timeout=30)
                self.assertEqual(response.status_code, 303)
                self.assertEqual(self._counts(), counts)

    def test_register(self):
        self.env["ir.config_parameter"].set_param("b2b_portal.registration_approval", "0")
        self._anonymous()
        post = registration_post()
        response = self._submit(post)
        self.assertEqual(response.status_code, 303, response.text[:2000])
        self.assertTrue(response.headers["Location"].endswith("/b2b/register/done"))
        company = self.env["res.partner"].search([("vat", "=", post["inn"]), ("is_company", "=", True)])
        self.assertEqual(company.b2b_kpp, post["kpp"])
        self.assertEqual(company.b2b_ogrn, post["ogrn"])
        self.assertEqual(company.b2b_bank_account, post["account"])
        self.assertEqual(company.b2b_approval_state, "approved")
        user = self.env["res.users"].search([("login", "=", post["email"])])
        self.assertEqual(user._b2b_client(), company)
        self.assertEqual(user._b2b_role(), "admin")
        self.assertTrue(user._is_portal())
        self.assertTrue(user._b2b_has_right("orders", write=True))
        mail = self.env["mail.mail"].search([("email_to", "ilike", post["email"])])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn("/web/signup?", mail.body_html)
        self.assertIn(self.manager, company.activity_ids.user_id)
        self.assertTrue(
            self.env["ir.cron.trigger"].search(
                [("cron_id", "=", self.env.ref("mail.ir_cron_mail_scheduler_action").id)]
            )
        )
        done = self.url_open("/b2b/register/done")
        self.assertIn(post["email"], done.text)
        self.assertNotIn("o_b2b_pending", done.text)

    def test_register_entrepreneur_with_inn_base_vat_rejects(self):
        self._anonymous()
        post = registration_post(entrepreneur=True, inn=BASE_VAT_REJECTED_INN)
        response = self._submit(post)
        self.assertEqual(response.status_code, 303, response.text[:2000])
        company = self.env["res.partner"].search([("vat", "=", BASE_VAT_REJECTED_INN), ("is_company", "=", True)])
        self.assertTrue(company.b2b_is_client)
        self.assertFalse(company.b2b_kpp)

    def test_bad_input_creates_nothing(self):
        self.env["ir.config_parameter"].set_param("b2b_portal.registration_rate_limit", "0")  # many posts here
        self._anonymous()
        cases = [
            ({"inn": "7707083894"}, "inn", "check digits"),
            ({"inn": "77070838ab"}, "inn", "Only digits"),
            ({"ogrn": "1027700132196"}, "ogrn", "check digit"),
            ({"kpp": ""}, "kpp", "KPP"),
            ({"account": "40702810800000054322"}, "account", "does not match the BIK"),
            ({"bik": "0445252"}, "bik", "9 digits"),
            ({"email": "<script>@x"}, "email", "valid e-mail"),
            ({"company_name": "=HYPERLINK(1)"}, "company_name", "cannot start with"),
            ({"address": "ул. Складская\x00"}, "address", "control characters"),
            ({"company_name": "<script>alert(1)</script>"}, "company_name", "plain text"),
            ({"contact_name": "<b>Иван</b>"}, "contact_name", "plain text"),
            ({"phone": ""}, "phone", "required"),
        ]
        for overrides, field, message in cases:
            with self.subTest(field=field, overrides=overrides):
                counts = self._counts()
                post = registration_post(**overrides)
                response = self._submit(post)
                self.assertEqual(response.status_code, 400)
                error = re.search(rf'class="invalid-feedback o_b2b_error_{field}"[^>]*>([^<]*)<', response.text)
                self.assertTrue(error, f"no message next to {field}")
                self.assertIn(message, error.group(1))
                # what was typed is still there (escaped), the markup is not
                self.assertIn('value="%s"' % post["address"], response.text)
                self.assertNotIn("<script>alert(1)</script>", response.text)
                self.assertEqual(self._counts(), counts)

    def test_missing_csrf_token(self):
        self._anonymous()
        counts = self._counts()
        post = registration_post()
        response = self._submit(post, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertIn("security token", response.text)
        self.assertIn('value="%s"' % post["inn"], response.text)
        self.assertEqual(self._counts(), counts)

    def test_replayed_form(self):
        self._anonymous()
        csrf, token = self._form()
        post = {**registration_post(), "csrf_token": csrf, "form_token": token}
        first = self.opener.post(self.base_url() + "/b2b/register", data=post, allow_redirects=False)
        self.assertEqual(first.status_code, 303)
        counts = self._counts()
        for data in (post, {**post, "inn": make_inn(), "email": "replay@example.com"}):
            again = self.opener.post(self.base_url() + "/b2b/register", data=data, allow_redirects=False)
            self.assertEqual(again.status_code, 409)
            self.assertIn("already been sent", again.text)
            self.assertEqual(self._counts(), counts)

    def _neutral(self, post):
        """Send `post` and check the answer is the one a new company gets; return the mails
        queued to the typed address."""
        partners = self.env["res.partner"].with_context(active_test=False).search_count([])
        users = self.env["res.users"].with_context(active_test=False).search_count([])
        response = self._submit(post)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/b2b/register/done"))
        done = self.url_open("/b2b/register/done").text
        self.assertIn("your registration is sent", done)
        self.assertIn(post["email"], done)
        self.assertEqual(self.env["res.partner"].with_context(active_test=False).search_count([]), partners)
        self.assertEqual(self.env["res.users"].with_context(active_test=False).search_count([]), users)
        return self.env["mail.mail"].search([("email_to", "=", post["email"])])

    def test_inn_of_a_client_gets_the_neutral_answer(self):
        """Whether an INN is a client's is not told to the visitor, only to the address owner."""
        self.client.action_archive()  # archived clients count too
        for vat in (self.client.vat, self.other.vat):
            with self.subTest(vat=vat):
                self._anonymous()
                post = registration_post(inn=vat)
                mail = self._neutral(post)
                self.assertEqual(len(mail), 1)
                self.assertIn("already our client", mail.body_html)
                self.assertNotIn(self.client.name, mail.body_html)

    def test_login_of_anyone_gets_the_neutral_answer(self):
        """Neither a client's nor a staff member's login is confirmed by the form."""
        staff = new_test_user(
            self.env, "reg-staff@example.com", groups="base.group_user", email="reg-staff@example.com"
        )
        for login in (self.users["buyer"].login, staff.login):
            with self.subTest(login=login):
                self._anonymous()
                post = registration_post(email=login)
                mail = self._neutral(post)
                self.assertEqual(len(mail), 1)
                self.assertIn("already signs in", mail.body_html)
        # the notices to one mailbox are capped: no mail bomb through the form
        for __ in range(4):
            self._anonymous()
            self._neutral(registration_post(email=staff.login))
        self.assertEqual(self.env["mail.mail"].search_count([("email_to", "=", staff.login)]), 3)

    def test_rate_limit(self):
        self.env["ir.config_parameter"].set_param("b2b_portal.registration_rate_limit", "3")
        self._anonymous()
        for _attempt in range(3):
            self.assertEqual(self._submit(registration_post(inn="1")).status_code, 400)
        counts = self._counts()
        response = self._submit(registration_post())
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many registration attempts", response.text)
        self.assertEqual(self._counts(), counts)

    def test_messages_in_russian(self):
        self._anonymous()
        self.opener.cookies["frontend_lang"] = "ru_RU"
        response = self._submit(registration_post(inn="7707083894"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("Контрольные цифры ИНН не сходятся", response.text)
        self.assertIn("Зарегистрируйте свою компанию", response.text)

    def test_parallel_registrations_with_one_inn(self):
        """Two visitors send the same INN at the same moment: one company, one refusal."""
        inn = make_inn()
        posts = [registration_post(inn=inn), registration_post(inn=inn)]
        requests_data = []
        for post in posts:
            self._anonymous()
            cookies = {"session_id": self.session.sid, TEST_CURSOR_COOKIE_NAME: self.http_request_key}
            csrf, token = self._form()
            requests_data.append((cookies, {**post, "csrf_token": csrf, "form_token": token}))
        self.env.flush_all()
        barrier = threading.Barrier(2)
        responses = [None, None]

        def send(index):
            cookies, data = requests_data[index]
            with requests.Session() as session:
                session.cookies.update(cookies)
                barrier.wait()
                responses[index] = session.post(
                    self.base_url() + "/b2b/register", data=data, allow_redirects=False, timeout=60
                )

        threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        # both get the same answer; the database let one company through
        self.assertEqual([r.status_code for r in responses], [303, 303])
        self.assertEqual(self.env["res.partner"].search_count([("vat", "=", inn), ("is_company", "=", True)]), 1)
        self.assertEqual(self.env["res.users"].search_count([("login", "in", [p["email"] for p in posts])]), 1)

    def test_pending_approval(self):
        """Approval by a manager is the default: no parameter set."""
        self.env["ir.config_parameter"].search([("key", "=", "b2b_portal.registration_approval")]).unlink()
        self._anonymous()
        post = registration_post()
        self.assertEqual(self._submit(post).status_code, 303)
        self.assertIn("A manager will check", self.url_open("/b2b/register/done").text)
        user = self.env["res.users"].search([("login", "=", post["email"])])
        company = user._b2b_client()
        self.assertEqual(company.b2b_approval_state, "pending")
        self.assertFalse(user._b2b_has_right("orders", write=True))
        self.assertTrue(user._b2b_has_right("orders"))
        self.authenticate(user.login, "unused")
        home = self.url_open("/my")
        self.assertIn("o_b2b_pending", home.text)
        company.with_user(self.manager).action_b2b_approve()
        self.assertTrue(user._b2b_has_right("orders", write=True))
        self.assertNotIn("o_b2b_pending", self.url_open("/my").text)

    def test_registration_tour(self):
        self.start_tour("/b2b/register", "b2b_portal_registration")
        company = self.env["res.partner"].search([("vat", "=", "7736050003"), ("is_company", "=", True)])
        self.assertEqual(company.name, "ООО «Тур»")
        self.assertEqual(company._b2b_team_users().login, "tour-admin@client.example.com")
