from . import b2b_demo, b2b_reconciliation_act, res_partner, res_users
