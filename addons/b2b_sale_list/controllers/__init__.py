from . import lists
