"""``rules``: the mapping rules, or one rule by its code."""

from __future__ import annotations

from migrate.errors import ConfigError
from migrate.mapping.table import Rule, RuleTable, load_table


def rules() -> RuleTable:
    """Every mapping rule, in table order."""
    return load_table()


def rule(code: str) -> Rule:
    """The rule with ``code`` (any case); an unknown code is one line, exit 2."""
    found = load_table().by_code.get(code.upper())
    if found is None:
        raise ConfigError(f"no rule {code!r}", hint="run `stripe2dodo rules` for the list")
    return found
