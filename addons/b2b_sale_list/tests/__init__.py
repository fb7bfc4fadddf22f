from . import test_lists, test_lists_rights, test_lists_tour
