from . import (
    test_b2b_client,
    test_catalog,
    test_foundation,
    test_inputs,
    test_params,
    test_registration_http,
    test_requisites,
    test_ru_documents,
    test_ru_numbers,
    test_spreadsheet,
    test_table_io,
    test_team_http,
)
