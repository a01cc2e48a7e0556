"""Where this Zope process keeps its own files (audit files, mail queue).

An environment variable wins, then the key in zope.conf's
``<product-config bti.portal>``, then a folder in the instance's clienthome.
"""

from App.config import getConfiguration
from pathlib import Path

import os


PRODUCT = "bti.portal"


def product_config() -> dict:
    config = getConfiguration()
    return (getattr(config, "product_config", None) or {}).get(PRODUCT) or {}


def folder(env_name: str, config_key: str, name: str) -> Path:
    """$env_name, else ``config_key`` of the product config, else
    <clienthome>/``name``."""
    if os.environ.get(env_name):
        return Path(os.environ[env_name])
    if product_config().get(config_key):
        return Path(product_config()[config_key])
    config = getConfiguration()
    home = getattr(config, "clienthome", None) or os.path.join(
        config.instancehome, "var"
    )
    return Path(home) / name
