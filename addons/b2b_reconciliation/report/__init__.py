from . import reconciliation_act_report, reconciliation_act_xlsx
