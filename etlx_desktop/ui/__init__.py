"""The PySide6 desktop app: thin adapters over `etlx_desktop.core`."""
