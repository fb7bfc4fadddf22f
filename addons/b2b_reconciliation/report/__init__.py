from . import reconciliation_act_report
