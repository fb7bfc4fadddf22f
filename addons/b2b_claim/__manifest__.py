{
    "name": "B2B Claims",
    "summary": "Claims and returns (рекламации) on delivered goods: shortage, surplus, damage, wrong goods, "
    "quality; return receipt, credit note and the discrepancy act",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_sale", "sale_stock", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/b2b_claim_security.xml",
        "data/ir_sequence_data.xml",
        "data/mail_template_data.xml",
        "report/b2b_claim_reports.xml",
        "report/report_b2b_discrepancy_act.xml",
        "views/b2b_claim_views.xml",
        "views/portal_templates.xml",
    ],
    "installable": True,
}
