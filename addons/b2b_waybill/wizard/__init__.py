from . import b2b_waybill_collect, b2b_waybill_collect_line
