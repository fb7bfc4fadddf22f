from . import formats, inputs, params, ru_documents, ru_numbers, spreadsheet, table_io
