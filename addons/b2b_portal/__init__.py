from . import controllers, models
from . import tools
from . import wizard
