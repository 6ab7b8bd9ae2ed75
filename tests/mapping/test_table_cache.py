"""The cache of validated rule tables: the table a run uses is the one the YAML gives, an edited
mapping file is never answered from an old cache, and a broken cache only costs a rebuild."""

from __future__ import annotations

import pickle
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from migrate.mapping import table as tables
from migrate.mapping.table import (
    build_table,
    cache_file,
    cached_enums,
    cached_table,
    enums_key,
    load_enums,
    load_table,
    read_areas,
    read_enums,
    table_key,
)


def test_the_table_a_run_uses_matches_the_yaml() -> None:
    """The CI check: whatever cache the run found, its table is the YAML's, rule for rule."""
    assert load_table() == build_table(read_areas())


def test_a_cached_table_is_written_once_and_read_back(tmp_path: Path) -> None:
    first = cached_table(tmp_path)
    path = cache_file(tmp_path, table_key())
    assert path.exists()
    with path.open("rb") as handle:
        assert pickle.load(handle) == table_key()
        assert pickle.load(handle) == build_table(read_areas())
    written = path.stat().st_mtime_ns
    assert cached_table(tmp_path) == first
    assert path.stat().st_mtime_ns == written, "a current cache is read, not rewritten"
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no temporary file is left"


def test_a_cache_holding_another_key_is_rebuilt(tmp_path: Path) -> None:
    path = cache_file(tmp_path, table_key())
    wrong = build_table(read_areas())
    wrong = type(wrong)((), {}, {}, {}, {}, {})
    with path.open("wb") as handle:
        pickle.dump("0" * 64, handle)
        pickle.dump(wrong, handle)
    assert cached_table(tmp_path) == build_table(read_areas())
    with path.open("rb") as handle:
        assert pickle.load(handle) == table_key()


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps("x")[:3]])
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, content: bytes) -> None:
    cache_file(tmp_path, table_key()).write_bytes(content)
    assert cached_table(tmp_path) == build_table(read_areas())


def test_a_cache_that_cannot_be_written_only_costs_the_rebuild(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    assert cached_table(blocker / "cache") == build_table(read_areas())


def test_an_edited_mapping_file_is_not_answered_from_the_old_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    before = cached_table(cache)
    copy = tmp_path / "mappings"
    shutil.copytree(Path(str(resources.files("mappings"))), copy)
    text = (copy / "checkout.yaml").read_text(encoding="utf-8")
    code = next(rule.code for rule in before if rule.area == "checkout")
    old = before[code].summary
    assert old in text
    (copy / "checkout.yaml").write_text(text.replace(old, "Edited summary.", 1), "utf-8")

    monkeypatch.setattr(tables, "mapping_files", lambda: copy)
    after = cached_table(cache)
    assert after[code].summary == "Edited summary."
    assert after == build_table(read_areas())
    assert len(list(cache.glob("rules-*.pickle"))) == 2, "the edited YAML has its own cache"


def test_the_rule_spec_and_the_plain_rule_declare_the_same_fields() -> None:
    """The YAML is checked by ``RuleSpec`` (pydantic) and loaded as the plain ``Rule``: the two
    declare the same fields with the same defaults, so neither can drift from the other."""
    import dataclasses

    from migrate.mapping.rule_spec import ExampleSpec, RuleSpec
    from migrate.mapping.table import Example, Rule

    for plain, spec in ((Rule, RuleSpec), (Example, ExampleSpec)):
        fields = {f.name: f for f in dataclasses.fields(plain)}
        assert set(fields) == set(spec.model_fields), plain.__name__
        for name, declared in spec.model_fields.items():
            if declared.is_required():
                continue
            default = fields[name].default
            if default is dataclasses.MISSING:
                default = fields[name].default_factory()  # type: ignore[misc]
            assert default == declared.get_default(call_default_factory=True), (plain, name)


def test_the_enums_a_run_uses_match_the_yaml() -> None:
    assert load_enums() == read_enums()
    assert "USD" in load_enums().currencies


def test_cached_enums_are_written_once_and_read_back_without_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cached_enums(tmp_path)
    assert first == read_enums()
    [path] = tmp_path.glob("enums-*.pickle")
    written = path.stat().st_mtime_ns

    def no_yaml() -> Any:
        raise AssertionError("a current cache is read, the YAML is not parsed")

    monkeypatch.setattr(tables, "read_enums", no_yaml)
    assert cached_enums(tmp_path) == first
    assert path.stat().st_mtime_ns == written


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps("another key")])
def test_damaged_or_foreign_cached_enums_are_read_again(tmp_path: Path, content: bytes) -> None:
    (tmp_path / f"enums-{enums_key()[:24]}.pickle").write_bytes(content)
    assert cached_enums(tmp_path) == read_enums()


def test_edited_enums_are_not_answered_from_the_old_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    before = cached_enums(cache)
    copy = tmp_path / "mappings"
    shutil.copytree(Path(str(resources.files("mappings"))), copy)
    text = (copy / "_dodo_enums.yaml").read_text(encoding="utf-8")
    (copy / "_dodo_enums.yaml").write_text(text.replace("USD, ", "", 1), "utf-8")
    monkeypatch.setattr(tables, "mapping_files", lambda: copy)
    after = cached_enums(cache)
    assert "USD" in before.currencies
    assert "USD" not in after.currencies
    assert len(list(cache.glob("enums-*.pickle"))) == 2


def test_writing_a_cache_removes_the_oldest_of_its_kind(tmp_path: Path) -> None:
    """Every edit of a mapping file or upgrade left one more rules-*.pickle behind, forever:
    a write keeps the file it wrote and the newest others, up to CACHES_KEPT of a kind."""
    import os

    stale = []
    for age in range(5):  # rules-old0 is the newest of the old ones
        path = tmp_path / f"rules-old{age}.pickle"
        path.write_bytes(b"x")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))
        stale.append(path)
    other = tmp_path / "enums-old.pickle"
    other.write_bytes(b"x")
    os.utime(other, (1, 1))
    cached_table(tmp_path)
    left = sorted(p.name for p in tmp_path.glob("rules-*.pickle"))
    assert len(left) == tables.CACHES_KEPT
    assert cache_file(tmp_path, table_key()).name in left
    assert stale[0].name in left and stale[1].name in left  # the newest old ones stay
    assert not any(p.exists() for p in stale[2:])
    assert other.exists()  # another kind is not this write's to prune
    assert cached_table(tmp_path) == build_table(read_areas())  # read back, nothing pruned
    assert len(list(tmp_path.glob("rules-*.pickle"))) == tables.CACHES_KEPT
