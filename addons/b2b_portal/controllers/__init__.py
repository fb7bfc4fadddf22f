from . import catalog, home, portal, registration, team
