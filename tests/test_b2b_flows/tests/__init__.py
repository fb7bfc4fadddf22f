from . import test_browser_smoke, test_demo_data, test_harness, test_translations
