from . import test_dropship, test_dropship_portal
