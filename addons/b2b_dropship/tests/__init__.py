from . import test_assembly_race, test_dropship, test_dropship_portal
