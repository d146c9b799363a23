"""``python -m ipforms``: the same as the ``ipforms`` command."""

from .cli import main

if __name__ == "__main__":
    main()
