from . import commerceml
