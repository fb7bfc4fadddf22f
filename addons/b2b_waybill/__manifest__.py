{
    "name": "B2B Waybills",
    "summary": "Self-service waybills for consignment clients, partial pickups at the warehouse",
    "version": "18.0.1.0.0",
    "category": "Inventory/Delivery",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_pricing"],
    "data": [],
    "installable": True,
}
