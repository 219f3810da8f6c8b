"""Entry point of the frozen program (pyinstaller needs a script, not a module path)."""

from desktop.cli import main

if __name__ == "__main__":
    main()
