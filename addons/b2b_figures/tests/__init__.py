from . import test_figures
