from odoo.tests import HttpCase, tagged

from .common import B2bTestCommon


@tagged("post_install", "-at_install")
class TestHostileHttp(B2bTestCommon, HttpCase):
    """Server errors the fuzz suite (test_b2b_flows/tests/test_fuzz.py) found in this add-on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()

    def test_catalog_search_with_nul(self):
        user = self.client_users["buyer"]
        self.authenticate(user.login, user.login)
        for search in ("abc%00def", "%00", "T-A5%00"):
            response = self.url_open(f"/my/b2b/catalog?search={search}")
            self.assertEqual(response.status_code, 200, search)
        # the NUL is dropped, the rest is searched for
        self.assertIn('data-product-id="%s"' % self.product_a.id, self.url_open("/my/b2b/catalog?search=T-A%005").text)

    def test_unknown_path_with_nul_is_not_found(self):
        for who in (None, self.client_users["admin"]):
            self.authenticate(who and who.login, who and who.login)
            for path in ("/my/b2b/acts%00", "/my/b2b/nothing%00here", "/%00", "/web/%00.png"):
                response = self.url_open(path, allow_redirects=False)
                self.assertEqual(response.status_code, 404, path)
