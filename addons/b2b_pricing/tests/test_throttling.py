from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.b2b_pricing.models.res_partner import b2b_visible_stock
from odoo.tests import TransactionCase, tagged

QTY = st.floats(min_value=-1000, max_value=1e6, allow_nan=False)
POSITIVE = st.floats(min_value=0, max_value=1e5, allow_nan=False)


@tagged("post_install", "-at_install")
class TestThrottlingInvariants(TransactionCase):
    @settings(max_examples=300, deadline=None)
    @given(free=QTY, turnover=POSITIVE, factor=st.floats(0, 10), floor=st.integers(0, 1000))
    def test_bounds(self, free, turnover, factor, floor):
        qty, capped = b2b_visible_stock(free, turnover, factor, floor)
        self.assertGreaterEqual(qty, 0)
        self.assertLessEqual(qty, max(free, 0))
        # capped exactly when the client sees less than the real free stock
        self.assertEqual(capped, qty < max(free, 0))
        # the floor is always visible when there is that much
        self.assertGreaterEqual(qty, min(max(free, 0), floor))

    @settings(max_examples=300, deadline=None)
    @given(free=QTY, turnover=POSITIVE, more=POSITIVE, factor=st.floats(0, 10), floor=st.integers(0, 1000))
    def test_monotone_in_turnover(self, free, turnover, more, factor, floor):
        low, _capped = b2b_visible_stock(free, turnover, factor, floor)
        high, _capped = b2b_visible_stock(free, turnover + more, factor, floor)
        self.assertLessEqual(low, high)

    def test_examples(self):
        self.assertEqual(b2b_visible_stock(1000, 10, 1.5, 10), (15, True))
        self.assertEqual(b2b_visible_stock(1000, 0, 1.5, 10), (10, True))
        self.assertEqual(b2b_visible_stock(12, 10, 1.5, 10), (12, False))
        self.assertEqual(b2b_visible_stock(-5, 10, 1.5, 10), (0, False))
        self.assertEqual(b2b_visible_stock(100, 3.3, 1.0, 0), (4, True))
