"""`python -m desktop` does what the `jixiao` command does."""

from desktop.cli import main

if __name__ == "__main__":
    main()
