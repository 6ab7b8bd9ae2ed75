from migrate.dodo.contract import contract_errors  # noqa: F401  (moved into the package)
