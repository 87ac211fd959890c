"""Environment switches (PDF_EXPORT, OFFLINE, …) read one way everywhere."""

from __future__ import annotations

import os

from .errors import ContentError

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


def switch(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise ContentError(f"环境变量 {name}", f"“{value}”不是可用的值；可用的值：{'、'.join(TRUE + FALSE[:-1])}")
