"""Whether a creation can make a wrapper worth indexing, before its params are read."""

from __future__ import annotations

from ast_grep_py import SgNode

from migrate.scan.made_fields import ctor_set
from migrate.scan.symbols import function_at
from migrate.scan.words import SharedWords
from migrate.scan.wrapper_handlers import caller_locals, handler_callback
from migrate.scan.wrapper_index import nameable


def may_wrap(node: SgNode, family: str, shared: SharedWords | None = None) -> bool:
    """Whether the creation ``node`` can make a wrapper worth indexing, before its params are
    read: it is in a named function with a parameter a caller sets (what ``wrapper_of`` needs)
    or a method of a class whose constructor sets fields from its parameters (a service
    object's ``call``: ``made_fields.made_uses``), and, with ``shared`` (the words found in two
    files of the tree or more), another file can name that function or its owner (a name made
    of other characters than ``\\w`` counts as shared: it is not looked up)."""
    function = function_at(node, family, callbacks=True)
    if function is None or handler_callback(function):
        return False
    if not caller_locals(function, family) and not ctor_set(function, family):
        return False  # a framework's handler, or one of its values only
    return nameable(function.name, function.owner, shared)
