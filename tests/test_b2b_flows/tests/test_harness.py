import importlib.util
import os
import tempfile
from pathlib import Path

from odoo.tests import BaseCase, tagged

CHECKER = Path(__file__).resolve().parents[3] / "scripts" / "check_test_log.py"

SUMMARY = (
    "2026-11-26 23:09:19,412 10494 INFO db odoo.tests.result: "
    "0 failed, 0 error(s) of 12 tests when loading database 'db'\n"
)
SKIP = (
    "2026-11-26 23:09:16,249 10494 INFO db odoo.addons.test_b2b_flows.tests.test_browser_smoke: "
    "skipped test_portal (odoo.addons.test_b2b_flows.tests.test_browser_smoke.TestBrowserSmoke) : Chrome not found\n"
)
ERROR = "2026-11-26 23:09:19,411 10494 ERROR db odoo.addons.b2b_portal.tests.test_x: FAIL: TestX.test_y\n"
NO_DEMO = (
    "2026-11-26 23:16:06,271 14019 WARNING db odoo.modules.loading: Module b2b_portal demo data failed to install\n"
)


@tagged("post_install", "-at_install")
class TestHarness(BaseCase):
    """The test command's log checker turns what Odoo lets pass (skips, a demo that did not
    load, no test at all) into a failure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        spec = importlib.util.spec_from_file_location("check_test_log", CHECKER)
        cls.checker = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(cls.checker)

    def _check(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False, encoding="utf-8") as log:
            log.write(text)
        try:
            return self.checker.check(log.name, "unit")
        finally:
            os.unlink(log.name)

    def test_clean_log_passes(self):
        self.assertEqual(self._check(SUMMARY), (12, 0, 0, []))

    def test_skip_error_no_demo_and_no_tests_fail(self):
        self.assertTrue(self._check(SKIP + SUMMARY)[3])
        self.assertEqual(self._check(SKIP + SUMMARY)[2], 1)
        self.assertTrue(self._check(ERROR + SUMMARY)[3])
        self.assertTrue(self._check(NO_DEMO + SUMMARY)[3])
        self.assertTrue(self._check("")[3])
        self.assertTrue(self._check(SUMMARY.replace("of 12 tests", "of 0 tests"))[3])
