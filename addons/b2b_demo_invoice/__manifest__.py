{
    "name": "B2B Demo Invoice",
    "summary": "Public demo invoice at base prices for visitors without an account",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_portal"],
    "external_dependencies": {"python": ["python-stdnum", "num2words"]},
    "data": [
        "report/sale_order_demo_invoice.xml",
        "data/mail_template_data.xml",
        "views/demo_invoice_templates.xml",
        "views/sale_order_views.xml",
    ],
    "installable": True,
}
