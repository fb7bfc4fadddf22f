from . import catalog, entity, home, portal, registration, team
