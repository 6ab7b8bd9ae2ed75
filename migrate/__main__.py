"""`python -m migrate` runs the stripe2dodo command line."""

from migrate.cli import main

if __name__ == "__main__":
    main()
