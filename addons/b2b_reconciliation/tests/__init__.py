from . import (
    test_act_by_accounting,
    test_act_data,
    test_act_files_access,
    test_act_job,
    test_act_portal,
    test_act_requests,
)
