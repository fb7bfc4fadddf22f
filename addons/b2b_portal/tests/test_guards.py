import gc

from odoo import http
from odoo.addons.b2b_portal.controllers.portal import B2B_MAX_ID, b2b_portal_route, b2b_record_id
from odoo.addons.b2b_portal.controllers.team import B2bTeamPortal
from odoo.tests import BaseCase, HttpCase, new_test_user, tagged

from .common import B2bTestCommon


class TestRouteDecorator(BaseCase):
    def test_right_goes_into_the_route_parameters(self):
        @b2b_portal_route("orders", write=True)
        @http.route("/my/b2b/guard-test", type="http", auth="user")
        def endpoint(self):
            return "ok"

        self.assertEqual(endpoint.original_routing["b2b_right"], {"area": "orders", "write": True, "check": None})
        self.assertEqual(endpoint.original_routing["routes"], ["/my/b2b/guard-test"])

    def test_misuse_is_refused_at_import(self):
        with self.assertRaises(ValueError):
            b2b_portal_route("ordres")
        with self.assertRaises(TypeError):  # below @http.route, the right would never reach the routing

            @http.route("/my/b2b/guard-test", type="http", auth="user")
            @b2b_portal_route("orders")
            def endpoint(self):
                return "ok"

    def test_record_ids(self):
        for value, expected in (
            ("12", 12),
            (7, 7),
            (B2B_MAX_ID, B2B_MAX_ID),
            (B2B_MAX_ID + 1, None),
            ("99999999999", None),
            ("abc", None),
            ("", None),
            (None, None),
            ("0", None),
            ("-3", None),
            ("1.5", None),
        ):
            with self.subTest(value=value):
                self.assertEqual(b2b_record_id(value), expected)


@tagged("post_install", "-at_install")
class TestGuardsHttp(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        # a portal user who works for no client company
        cls.outsider = new_test_user(cls.env, "b2b_guard_outsider", groups="base.group_portal")

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _override_team_page(self):
        """A subclass of the team controller, as another add-on would write it: it overrides the
        guarded page with a bare `@http.route()` and does not call super()."""

        class OverridingTeamPortal(B2bTeamPortal):
            @http.route()
            def b2b_team(self, done=None, **kwargs):
                return "the override answered"

        def forget():
            # the class is referenced from nowhere else: collect it and rebuild the routing
            self.env.registry.clear_cache("routing")
            gc.collect()
            leaked = [cls for cls in B2bTeamPortal.__subclasses__() if cls.__name__ == "OverridingTeamPortal"]
            self.assertFalse(leaked, "the test's controller would stay in the routing of the next tests")

        self.addCleanup(forget)
        self.env.registry.clear_cache("routing")
        return OverridingTeamPortal

    def test_a_subclass_overriding_a_route_keeps_its_guard(self):
        # held here: Odoo's routing only knows subclasses by weak reference
        override = self._override_team_page()
        self.assertTrue(override)
        self._login(self.client_users["admin"])
        response = self.url_open("/my/b2b/team")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, "the override answered")
        for role in ("buyer", "accountant", "viewer"):
            with self.subTest(role=role):
                self._login(self.client_users[role])
                response = self.url_open("/my/b2b/team")
                self.assertEqual(response.status_code, 403)
                self.assertNotIn("the override answered", response.text)
        self.authenticate(None, None)
        response = self.url_open("/my/b2b/team", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))

    def test_home_flags_by_role(self):
        for role, user in self.client_users.items():
            with self.subTest(role=role):
                self._login(user)
                home = self.url_open("/my").text
                self.assertIn('href="/my/b2b/catalog"', home)
                self.assertEqual('href="/my/b2b/team"' in home, role == "admin")
        self._login(self.outsider)
        home = self.url_open("/my").text
        self.assertNotIn('href="/my/b2b/catalog"', home)
        self.assertNotIn('href="/my/b2b/team"', home)

    def test_counters_answer_only_the_counters_asked(self):
        # the page's script writes every key of the answer into a counter placeholder
        self._login(self.client_users["admin"])
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["b2b_no_such_count"]})
        self.assertFalse([key for key in result if key.startswith("b2b_") and not key.endswith("_count")])
