{
    "name": "B2B Saved Order Lists",
    "summary": "Saved order lists of a client company, «add to order» from a list, «repeat» a past order",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/b2b_sale_list_security.xml",
        "views/b2b_sale_list_views.xml",
        "views/list_templates.xml",
    ],
    "assets": {
        "web.assets_tests": ["b2b_sale_list/static/tests/tours/*.js"],
    },
    "installable": True,
}
