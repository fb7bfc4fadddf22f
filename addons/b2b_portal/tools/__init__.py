from . import ru_documents, ru_numbers
