from . import inputs, params, ru_numbers, spreadsheet, table_io
