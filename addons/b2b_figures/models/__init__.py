from . import b2b_figures_document, b2b_figures_order, res_config_settings, sale_order, sale_order_line
