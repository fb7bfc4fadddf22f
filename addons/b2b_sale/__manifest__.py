{
    "name": "B2B Ordering",
    "summary": "B2B cabinet ordering: portal draft order, list upload, reservation, payment state, «Счёт на оплату»",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_portal", "sale_stock"],
    "data": [
        "data/ir_cron_data.xml",
        "report/sale_order_payment_invoice.xml",
        "data/mail_template_data.xml",
        "views/order_templates.xml",
        "views/sale_order_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["b2b_sale/static/tests/tours/*.js"],
    },
    "demo": ["demo/sale_order_demo.xml"],
    "installable": True,
}
