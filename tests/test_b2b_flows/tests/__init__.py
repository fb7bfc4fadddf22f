from . import (
    test_browser_smoke,
    test_cabinet_nav,
    test_demo_data,
    test_end_to_end,
    test_harness,
    test_translations,
)
