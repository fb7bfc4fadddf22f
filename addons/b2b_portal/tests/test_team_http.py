from odoo import http
from odoo.tests import HttpCase, tagged

from .common import ROLES, B2bTestCommon


@tagged("post_install", "-at_install")
class TestTeamHttp(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["ir.default"].set("res.partner", "lang", "en_US")  # the portal's default language
        cls.client = cls._b2b_make_client("ООО «Команда»")
        cls.users = cls._b2b_make_team(cls.client)
        cls.other = cls._b2b_make_client("ООО «Чужие»")
        cls.other_users = cls._b2b_make_team(cls.other, roles=("admin", "buyer"))
        cls.outsider = cls.other_users["admin"]  # the admin of ANOTHER client company

    def authenticate(self, user, password, browser=None):
        session = super().authenticate(user, password, browser=browser)
        # without the website app, the portal's language comes from this cookie (else the default one)
        self.opener.cookies["frontend_lang"] = "en_US"
        return session

    def _who(self):
        """(label, login or None) for each role, the other client's admin and anonymous."""
        return [
            *((role, self.users[role].login) for role in ROLES),
            ("other", self.outsider.login),
            ("anonymous", None),
        ]

    def _login(self, login):
        self.authenticate(login, login)

    def _post(self, url, data):
        return self.url_open(url, data={**data, "csrf_token": http.Request.csrf_token(self)}, allow_redirects=False)

    def _assert_refused(self, response, who):
        if who == "anonymous":
            self.assertIn(response.status_code, (303, 302))
            self.assertIn("/web/login", response.headers["Location"])
        else:
            self.assertEqual(response.status_code, 403, who)
            self.assertIn("administrator", response.text)

    def test_team_page(self):
        for who, login in self._who():
            with self.subTest(who=who):
                self._login(login)
                response = self.url_open("/my/b2b/team", allow_redirects=False)
                if who == "admin":
                    self.assertEqual(response.status_code, 200)
                    for user in self.users.values():
                        self.assertIn(user.login, response.text)
                    self.assertNotIn(self.other_users["buyer"].login, response.text)
                    self.assertIn("o_b2b_team_invite", response.text)
                elif who == "other":
                    # their own team only
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(self.other_users["buyer"].login, response.text)
                    self.assertNotIn(self.users["buyer"].login, response.text)
                else:
                    self._assert_refused(response, who)

    def test_home_link_for_admins(self):
        for who, login in self._who()[:4]:
            with self.subTest(who=who):
                self._login(login)
                home = self.url_open("/my")
                self.assertEqual('href="/my/b2b/team"' in home.text, who == "admin")

    def test_invite(self):
        for who, login in self._who():
            with self.subTest(who=who):
                self._login(login)
                email = f"new-{who}@client.example.com"
                response = self._post("/my/b2b/team/invite", {"name": f"Новый {who}", "email": email, "role": "buyer"})
                user = self.env["res.users"].search([("login", "=", email)])
                if who in ("admin", "other"):
                    self.assertEqual(response.status_code, 303)
                    self.assertIn("done=invited", response.headers["Location"])
                    self.assertEqual(user._b2b_client(), self.client if who == "admin" else self.other)
                    self.assertEqual(user._b2b_role(), "buyer")
                    self.assertTrue(self.env["mail.mail"].search([("email_to", "ilike", email)]))
                else:
                    self._assert_refused(response, who)
                    self.assertFalse(user)

    def test_invite_bad_input(self):
        self._login(self.users["admin"].login)
        cases = [
            ({"name": "", "email": "x@example.com", "role": "buyer"}, "required"),
            ({"name": "<b>X</b>", "email": "x@example.com", "role": "buyer"}, "plain text"),
            ({"name": "X", "email": "not-an-email", "role": "buyer"}, "valid e-mail"),
            (
                {"name": "X", "email": self.outsider.login, "role": "buyer"},
                "ask your manager to give that login access",
            ),
            ({"name": "X", "email": "x@example.com", "role": "owner"}, "Choose one of the roles"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                count = self.env["res.users"].with_context(active_test=False).search_count([])
                response = self._post("/my/b2b/team/invite", data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                self.assertIn('value="%s"' % data["email"], response.text)
                self.assertEqual(self.env["res.users"].with_context(active_test=False).search_count([]), count)

    def test_change_role(self):
        target = self.users["viewer"].partner_id
        for who, login in self._who():
            with self.subTest(who=who):
                self._login(login)
                response = self._post(f"/my/b2b/team/{target.id}/role", {"role": "buyer"})
                target.invalidate_recordset()
                if who == "admin":
                    self.assertEqual(response.status_code, 303)
                    self.assertEqual(target.b2b_role, "buyer")
                    target.b2b_role = "viewer"
                elif who == "other":
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("not on your company", response.text)
                    self.assertEqual(target.b2b_role, "viewer")
                else:
                    self._assert_refused(response, who)
                    self.assertEqual(target.b2b_role, "viewer")

    def test_remove_access(self):
        target = self.users["accountant"]
        for who, login in self._who():
            with self.subTest(who=who):
                self._login(login)
                response = self._post(f"/my/b2b/team/{target.partner_id.id}/remove", {})
                target.invalidate_recordset()
                if who == "admin":
                    self.assertEqual(response.status_code, 303)
                    self.assertFalse(target.active)
                    self.assertTrue(target.partner_id.active)
                    target.active = True
                elif who == "other":
                    self.assertEqual(response.status_code, 400)
                    self.assertTrue(target.active)
                else:
                    self._assert_refused(response, who)
                    self.assertTrue(target.active)

    def test_last_admin(self):
        admin = self.users["admin"]
        self._login(admin.login)
        response = self._post(f"/my/b2b/team/{admin.partner_id.id}/role", {"role": "viewer"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("without an administrator", response.text)
        response = self._post(f"/my/b2b/team/{admin.partner_id.id}/remove", {})
        self.assertEqual(response.status_code, 400)
        admin.invalidate_recordset()
        self.assertTrue(admin.active)
        self.assertEqual(admin.partner_id.b2b_role, "admin")

    def test_pending_company_reads_but_does_not_invite(self):
        self.client.b2b_approval_state = "pending"
        self._login(self.users["admin"].login)
        page = self.url_open("/my/b2b/team")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_b2b_team_invite", page.text)
        response = self._post("/my/b2b/team/invite", {"name": "X", "email": "pending@example.com", "role": "buyer"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.env["res.users"].search([("login", "=", "pending@example.com")]))

    def test_post_without_csrf_token(self):
        self._login(self.users["admin"].login)
        response = self.url_open(
            "/my/b2b/team/invite", data={"name": "X", "email": "nocsrf@example.com", "role": "buyer"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["res.users"].search([("login", "=", "nocsrf@example.com")]))

    def test_invite_tour(self):
        self.start_tour("/my", "b2b_portal_team_invite", login=self.users["admin"].login)
        user = self.env["res.users"].search([("login", "=", "buhova@client.example.com")])
        self.assertEqual(user._b2b_client(), self.client)
        self.assertEqual(user._b2b_role(), "accountant")
        self.assertTrue(self.env["mail.mail"].search([("email_to", "ilike", "buhova@client.example.com")]))
