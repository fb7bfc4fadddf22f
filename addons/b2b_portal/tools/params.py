"""Numeric system parameters (``ir.config_parameter``) read with a default and bounds.

A parameter is text anyone with the technical menu can set to anything: an empty or unreadable
value gives the default (and a warning in the log for the unreadable one), a value beyond the
bounds is brought to the nearest bound.
"""

import logging
import math

_logger = logging.getLogger(__name__)


def _get(env, key, default, cast, minimum, maximum):
    # sudo: system parameters are readable by the system only; only this key is read
    raw = env["ir.config_parameter"].sudo().get_param(key)
    if raw is None or raw is False or not str(raw).strip():
        return default
    try:
        value = cast(str(raw).strip())
    except (TypeError, ValueError, OverflowError):
        value = None
    if value is None:
        _logger.warning("System parameter %s=%r is not a number; using %r", key, raw, default)
        return default
    if minimum is not None and value < minimum:
        _logger.warning("System parameter %s=%r is below %r; using %r", key, raw, minimum, minimum)
        return minimum
    if maximum is not None and value > maximum:
        _logger.warning("System parameter %s=%r is above %r; using %r", key, raw, maximum, maximum)
        return maximum
    return value


def _int(text):
    return int(text)  # "5", " 5 ", "+5"; not "5.0" nor "1e3"


def _float(text):
    value = float(text.replace(",", "."))
    return value if math.isfinite(value) else None


def get_param_int(env, key, default, minimum=None, maximum=None):
    """The integer value of system parameter ``key``, or ``default`` when it is empty or garbage."""
    return _get(env, key, default, _int, minimum, maximum)


def get_param_float(env, key, default, minimum=None, maximum=None):
    """The float value of system parameter ``key``, or ``default`` when empty, garbage, nan or inf."""
    return _get(env, key, default, _float, minimum, maximum)
