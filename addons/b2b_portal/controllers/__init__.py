from . import portal, registration, team
