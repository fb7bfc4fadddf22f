{
    "name": "B2B Drop-shipping",
    "summary": "B2B cabinet: delivery to the client's own customer (one-off recipient, cash on delivery, "
    "packing slip without prices), «send to assembly» and the assembly state with the tracking number",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_sale", "sale_stock"],
    "data": [
        "report/b2b_packing_slip_reports.xml",
        "report/report_b2b_packing_slip.xml",
        "views/stock_picking_views.xml",
        "views/sale_order_views.xml",
        "views/portal_templates.xml",
    ],
    "installable": True,
}
