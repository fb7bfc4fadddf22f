from . import b2b_reconciliation_act_attach
