from . import feed_formats
