from . import orders, portal, registration, team
