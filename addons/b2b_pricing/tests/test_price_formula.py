from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.b2b_pricing.models.b2b_contract import b2b_price_factor
from odoo.tests import TransactionCase, tagged
from odoo.tools import float_compare

from .common import B2bPricingTestCommon

TERMS = st.fixed_dictionaries(
    {
        "contract_type": st.sampled_from(["sale", "consignment"]),
        "installment_days": st.integers(min_value=0, max_value=365),
        "discount_percent": st.decimals(min_value=0, max_value="99.99", places=2).map(float),
    }
)
MARKUPS = st.tuples(
    st.decimals(min_value=0, max_value=50, places=2).map(float),
    st.decimals(min_value=0, max_value=10, places=2).map(float),
)


@tagged("post_install", "-at_install")
class TestPriceFormula(B2bPricingTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_pricing_setup()
        cls.product_a.list_price = 123.45

    @settings(max_examples=25, deadline=None)
    @given(terms=TERMS, markups=MARKUPS, base=st.decimals(min_value="0.01", max_value=100000, places=2).map(float))
    def test_pricelist_gives_the_formula(self, terms, markups, base):
        """Contract pricelist price = base × (1 + consignment) × (1 + installment) × (1 − discount)."""
        consignment, installment = markups
        set_param = self.env["ir.config_parameter"].sudo().set_param
        set_param("b2b_pricing.consignment_markup", consignment)
        set_param("b2b_pricing.installment_markup", installment)
        self.product_b.list_price = base
        contract = self._b2b_make_contract(self.client, activate=False, **terms)
        expected = base
        if terms["contract_type"] == "consignment":
            expected *= 1 + consignment / 100
        expected *= 1 + installment / 100 * terms["installment_days"] / 30
        expected *= 1 - terms["discount_percent"] / 100
        price = contract.pricelist_id._get_product_price(self.product_b, 1.0)
        self.assertEqual(float_compare(price, expected, precision_digits=6), 0, (price, expected))

    @settings(max_examples=200, deadline=None)
    @given(terms=TERMS, markups=MARKUPS, days=st.integers(min_value=1, max_value=90), more=st.floats(0.01, 50))
    def test_formula_monotony(self, terms, markups, days, more):
        factor = b2b_price_factor(
            terms["contract_type"], terms["installment_days"], terms["discount_percent"], *markups
        )
        self.assertGreater(factor, 0)
        # a longer deferral never costs less, a bigger discount never costs more
        longer = b2b_price_factor(
            terms["contract_type"], terms["installment_days"] + days, terms["discount_percent"], *markups
        )
        self.assertGreaterEqual(longer, factor)
        if terms["discount_percent"] + more < 100:
            cheaper = b2b_price_factor(
                terms["contract_type"], terms["installment_days"], terms["discount_percent"] + more, *markups
            )
            self.assertLess(cheaper, factor)
        as_consignment = b2b_price_factor("consignment", terms["installment_days"], terms["discount_percent"], *markups)
        as_sale = b2b_price_factor("sale", terms["installment_days"], terms["discount_percent"], *markups)
        self.assertGreaterEqual(as_consignment, as_sale)

    def test_installment_rule_is_pro_rata_per_30_days(self):
        self.assertAlmostEqual(b2b_price_factor("sale", 30, 0, 10, 1.5), 1.015)
        self.assertAlmostEqual(b2b_price_factor("sale", 45, 0, 10, 1.5), 1.0225)
        self.assertAlmostEqual(b2b_price_factor("consignment", 0, 0, 10, 1.5), 1.10)
        self.assertAlmostEqual(b2b_price_factor("consignment", 60, 7, 10, 1.5), 1.10 * 1.03 * 0.93)
