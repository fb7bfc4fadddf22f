from . import test_dropship, test_dropship_portal, test_assembly_race
