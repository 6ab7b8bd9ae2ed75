"""The Stripe -> Dodo mapping tables (YAML data files, loaded by `migrate.mapping.table`)."""
