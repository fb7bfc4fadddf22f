{
    "name": "B2B Figures",
    "summary": "The distributor's own figures: portal share of orders, manager edits, lead times, "
    "self-service documents and the estimated handling cost per order",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_sale", "b2b_waybill", "b2b_reconciliation"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "views/b2b_figures_order_views.xml",
        "views/b2b_figures_document_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
