from . import test_foundation
from . import test_b2b_client, test_ru_numbers
