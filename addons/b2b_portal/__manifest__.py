{
    "name": "B2B Portal",
    "summary": "Self-service B2B cabinet for wholesale clients on Odoo's customer portal",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["portal", "auth_signup", "sale_stock", "account"],
    "external_dependencies": {"python": ["python-stdnum", "num2words", "xlsxwriter"]},
    "data": [
        "data/decimal_precision_data.xml",
        "security/b2b_security.xml",
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/b2b_menus.xml",
        "views/portal_templates.xml",
        "views/catalog_templates.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/product_demo.xml",
        "demo/res_users_demo.xml",
        "demo/b2b_history_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "b2b_portal/static/tests/tours/b2b_catalog_tour.js",
        ],
    },
    "installable": True,
    "application": True,
}
