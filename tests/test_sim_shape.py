"""The same-shape helper used to compare simulator bodies with the real examples."""

from __future__ import annotations

from scoracle_core.sim import same_shape, shape_diff


def test_values_do_not_matter_only_kinds() -> None:
    """Different values of the same kinds have the same shape."""
    assert same_shape({"a": 1, "b": "x", "c": [1, 2]}, {"a": 9, "b": "y", "c": [3]})


def test_a_missing_or_extra_key_is_reported_with_its_path() -> None:
    """Keys must match at every level."""
    assert shape_diff({"a": {"b": 1}}, {"a": {"c": 1}}) == ["$.a: missing key 'b'", "$.a: unexpected key 'c'"]


def test_a_type_change_is_reported() -> None:
    """A string where the reference has a number is a difference."""
    assert shape_diff({"a": [{"v": 1}]}, {"a": [{"v": "1"}]}) == ["$.a[0].v: int in the reference, str here"]


def test_null_matches_anything_unless_told_otherwise() -> None:
    """null stands for a missing value; nullable=False makes it strict."""
    assert same_shape({"a": None}, {"a": 3})
    assert not same_shape({"a": None}, {"a": 3}, nullable=False)


def test_list_items_match_the_closest_reference_item() -> None:
    """Each candidate item is compared with the reference items of its kind, best match kept."""
    reference = [{"type": "Shots", "value": 3}, {"type": "Possession", "value": "52%"}]
    assert same_shape(reference, [{"type": "Possession", "value": "48%"}, {"type": "Fouls", "value": 11}])


def test_ignored_paths_are_compared_by_kind_only() -> None:
    """An ignored object may have other keys."""
    assert same_shape({"parameters": {"id": "1"}}, {"parameters": {"date": "x"}}, ignore={"$.parameters"})
    assert same_shape({"parameters": []}, {"parameters": {"date": "x"}}, ignore={"$.parameters"})
