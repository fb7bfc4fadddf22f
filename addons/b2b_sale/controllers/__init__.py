from . import orders, team
