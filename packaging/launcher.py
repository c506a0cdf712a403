"""The bundle's entry script: the same `main` as the installed `etlx-desktop` command.

PyInstaller runs its entry as a top-level script, where the package's relative imports would
fail, so this imports the app as a package instead of pointing at etlx_desktop/ui/app.py.
"""

import sys

from etlx_desktop.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
