{
    "name": "B2B Exchange with 1C",
    "summary": "1C «Обмен с сайтом» (CommerceML 2): catalog, prices and stock from 1C, portal orders to 1C, "
    "reservation results, payments and shipments back",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_sale", "b2b_pricing"],
    "data": [
        "security/b2b_exchange_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/b2b_exchange_session_views.xml",
        "views/b2b_exchange_map_views.xml",
        "views/res_config_settings_views.xml",
        "views/product_views.xml",
        "views/sale_order_views.xml",
        "views/b2b_contract_views.xml",
    ],
    "installable": True,
}
