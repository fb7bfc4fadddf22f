{
    "name": "B2B Pricing",
    "summary": "Client contracts, contract pricelists, turnover and throttled stock for the B2B portal",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/b2b_contract_security.xml",
        "views/b2b_contract_views.xml",
        "views/b2b_turnover_views.xml",
        "views/res_config_settings_views.xml",
        "views/feed_templates.xml",
        "data/ir_cron_data.xml",
        "data/res_groups_data.xml",
    ],
    "demo": [
        "demo/b2b_contract_demo.xml",
    ],
    "installable": True,
}
