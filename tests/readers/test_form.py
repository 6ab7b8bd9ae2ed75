"""Form-encoded bodies to nested JSON (Rack-style keys, values kept as strings)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stripe._encode import _api_encode

from migrate.errors import InputError
from migrate.readers.form import FormParseError, parse_form, split_key


def test_flat_pairs_stay_strings() -> None:
    body = "mode=payment&allow_promotion_codes=true&expires_at=1700000000"
    assert parse_form(body) == {
        "mode": "payment",
        "allow_promotion_codes": "true",
        "expires_at": "1700000000",
    }


def test_plus_and_percent_decoding_in_values_and_keys() -> None:
    body = (
        "line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=T+shirt+%26+co"
        "&metadata[note]=caf%C3%A9+%2B+50%25&success_url=https%3A%2F%2Fx.test%2F%3Fa%3D1"
    )
    assert parse_form(body) == {
        "line_items": [{"price_data": {"product_data": {"name": "T shirt & co"}}}],
        "metadata": {"note": "café + 50%"},
        "success_url": "https://x.test/?a=1",
    }


def test_append_and_index_give_the_same_list() -> None:
    appended = parse_form("expand[]=line_items&expand[]=customer")
    indexed = parse_form("expand[0]=line_items&expand[1]=customer")
    assert appended == indexed == {"expand": ["line_items", "customer"]}


def test_nested_images_append_inside_an_indexed_item() -> None:
    body = (
        "line_items[0][price_data][product_data][images][]=https://a.test/1.png"
        "&line_items[0][price_data][product_data][images][]=https://a.test/2.png"
        "&line_items[0][price_data][currency]=usd&line_items[1][price]=price_2"
    )
    assert parse_form(body) == {
        "line_items": [
            {
                "price_data": {
                    "product_data": {"images": ["https://a.test/1.png", "https://a.test/2.png"]},
                    "currency": "usd",
                }
            },
            {"price": "price_2"},
        ]
    }


def test_integer_maps_become_lists_ordered_by_index() -> None:
    assert parse_form("a[2]=c&a[0]=a&a[1]=b") == {"a": ["a", "b", "c"]}
    assert parse_form("a[5]=y&a[0]=x") == {"a": ["x", "y"]}
    assert parse_form("line_items[10][price]=k&line_items[9][price]=j") == {
        "line_items": [{"price": "j"}, {"price": "k"}]
    }


def test_mixed_or_non_canonical_keys_stay_maps() -> None:
    assert parse_form("metadata[0]=x&metadata[k]=y") == {"metadata": {"0": "x", "k": "y"}}
    assert parse_form("metadata[01]=x") == {"metadata": {"01": "x"}}
    assert parse_form("metadata[-1]=x") == {"metadata": {"-1": "x"}}


def test_empty_values_are_kept() -> None:
    assert parse_form("metadata[order]=&custom_text[submit][message]=") == {
        "metadata": {"order": ""},
        "custom_text": {"submit": {"message": ""}},
    }
    assert parse_form("metadata=") == {"metadata": ""}
    assert parse_form("expand[]") == {"expand": [""]}


def test_unknown_and_legacy_keys_kept_verbatim() -> None:
    body = "display_items[0][custom][name]=Tee&allowed_source_types[]=card&x-Weird.key=1"
    assert parse_form(body) == {
        "display_items": [{"custom": {"name": "Tee"}}],
        "allowed_source_types": ["card"],
        "x-Weird.key": "1",
    }


def test_append_fills_one_element_until_a_key_repeats() -> None:
    body = "items[][plan]=gold&items[][quantity]=2&items[][plan]=silver"
    assert parse_form(body) == {
        "items": [{"plan": "gold", "quantity": "2"}, {"plan": "silver"}],
    }


def test_empty_pairs_are_skipped_and_last_scalar_wins() -> None:
    assert parse_form("&&mode=setup&&mode=payment&") == {"mode": "payment"}
    assert parse_form("") == {}


def test_value_may_contain_equals_signs() -> None:
    assert parse_form("success_url=https://x.test/?a=b") == {"success_url": "https://x.test/?a=b"}


def test_split_key_segments() -> None:
    assert split_key("line_items[0][price_data][product_data][images][]") == [
        "line_items",
        0,
        "price_data",
        "product_data",
        "images",
        None,
    ]
    assert split_key("mode") == ["mode"]


@pytest.mark.parametrize(
    ("body", "key", "reason"),
    [
        ("a[b=1", "a[b", "unbalanced"),
        ("a]b=1", "a]b", "unbalanced"),
        ("a[b]c=1", "a[b]c", "after a closing bracket"),
        ("[a]=1", "[a]", "empty name"),
        ("=1", "", "empty name"),
        ("a[[b]]=1", "a[[b]]", "nested"),
        ("a=1&a[b]=2", "a[b]", "value and as a container"),
        ("a[b]=1&a=2", "a", "container and as a value"),
        ("a[b]=1&a[b][c]=2", "a[b][c]", "value and as a container"),
        ("expand[]=x&expand[0][y]=z", "expand[0][y]", "value and as a container"),
    ],
)
def test_malformed_keys_raise_with_the_key(body: str, key: str, reason: str) -> None:
    with pytest.raises(FormParseError) as caught:
        parse_form(body)
    assert caught.value.key == key
    assert reason in caught.value.reason
    assert repr(key) in str(caught.value)
    assert isinstance(caught.value, InputError)
    assert caught.value.hint


def test_value_that_is_not_utf8_after_decoding_names_its_key() -> None:
    with pytest.raises(FormParseError) as caught:
        parse_form("metadata[x]=%FF%FE")
    assert caught.value.key == "metadata[x]"


def test_long_keys_are_shortened_in_the_message() -> None:
    key = "a" * 300 + "["
    with pytest.raises(FormParseError) as caught:
        parse_form(f"{key}=1")
    assert caught.value.key == key
    assert len(str(caught.value)) < 200


# Round trip against stripe-python's own encoder: whatever the SDK sends, we read back.
_names = st.text(min_size=1, max_size=8).filter(
    lambda s: "[" not in s and "]" not in s and not s.isdigit() and not s.isdecimal()
)
_leaves = st.text(max_size=12)
_values: st.SearchStrategy[Any] = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3),
        st.dictionaries(_names, inner, min_size=1, max_size=3),
    ),
    max_leaves=12,
)


@pytest.mark.property
@given(st.dictionaries(_names, _values, max_size=4))
def test_round_trip_with_stripe_python_encoder(params: dict[str, Any]) -> None:
    body = urlencode(list(_api_encode(params)))
    assert parse_form(body) == params
