from . import test_claims
