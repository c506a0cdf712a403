"""Faker with only the locales the app draws from (the spec passes them in `hooksconfig`).

Replaces the community hook, which bundles all ~70 locales of every provider. A frozen Faker
finds providers and locales by globbing `<bundle>/faker/providers/*/<locale>/__init__.py`, so
those files go in as data, and the modules themselves as hidden imports. Besides the app's
locales this keeps each one's language package (`en_US` imports from `en`) and every
provider's `default_locale` (`la` for lorem, `en_GB` for bank), which Faker falls back to.
"""

from __future__ import annotations

import re

from PyInstaller import isolated
from PyInstaller.utils.hooks import collect_data_files, collect_submodules, get_hook_config

LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


@isolated.decorate
def _default_locales() -> list[str]:
    from importlib import import_module

    from faker.config import PROVIDERS

    found = {getattr(import_module(name), "default_locale", "") for name in PROVIDERS}
    return sorted(locale for locale in found if locale)


def _wanted(locales: list[str]) -> set[str]:
    wanted = set(locales) | {"en_US"} | set(_default_locales())  # en_US: Faker's own default
    return wanted | {locale.split("_")[0] for locale in wanted}


def hook(hook_api) -> None:  # type: ignore[no-untyped-def]  # PyInstaller's API has no stubs
    wanted = _wanted(get_hook_config(hook_api, "faker", "locales") or ["en_US"])

    def kept(name: str) -> bool:  # faker.providers.<provider>.<locale>[.<module>]
        parts = name.split(".")
        return len(parts) < 4 or not LOCALE.match(parts[3]) or parts[3] in wanted

    hook_api.add_imports(*collect_submodules("faker.providers", filter=kept))
    init_files = collect_data_files(
        "faker.providers",
        include_py_files=True,
        includes=["__init__.py", "*/__init__.py", *[f"*/{w}/__init__.py" for w in wanted]],
    )
    hook_api.add_datas(init_files)
