from . import b2b_contract
