from . import test_claim_race, test_claims
