from . import catalog, portal, registration, team
