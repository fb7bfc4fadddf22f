{
    "name": "B2B portal: cross-module tests",
    "summary": "Flows that span several b2b add-ons; installed by the test command only",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": [
        "b2b_portal",
        "b2b_pricing",
        "b2b_sale",
        "b2b_demo_invoice",
        "b2b_waybill",
        "b2b_reconciliation",
        "b2b_exchange_1c",
    ],
    "external_dependencies": {"python": ["polib", "python-stdnum"]},
    "data": [],
    "assets": {
        "web.assets_tests": ["test_b2b_flows/static/tests/tours/*.js"],
    },
    "installable": True,
}
