from . import ru_numbers
