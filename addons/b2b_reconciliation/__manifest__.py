{
    "name": "B2B Reconciliation Acts",
    "summary": "Reconciliation acts (акт сверки) for a period and legal entity, as PDF and XLSX",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "b2b-portal",
    "website": "https://github.com/b2b-portal/b2b-portal",
    "license": "LGPL-3",
    "depends": ["b2b_portal", "account"],
    "external_dependencies": {"python": ["xlsxwriter", "num2words"]},
    "data": [],
    "installable": True,
}
