from . import sale_order, stock_picking
