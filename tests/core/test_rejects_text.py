"""The text guard on public callables: every way text can arrive is refused, naming the parameter."""

from __future__ import annotations

import numpy as np
import pytest

from gametheory.core.params import DomainError, rejects_text


@rejects_text(text=("label",))
def _solve(a, b=1, *rest, label="", **options):
    return a


@rejects_text
class _Model:
    def __init__(self, a):
        self.a = a

    def value(self, x, scale=1):
        return self.a * x * scale


@pytest.mark.parametrize("call, name", [
    (lambda: _solve("1 + 1"), "a"),
    (lambda: _solve(1, b"2"), "b"),
    (lambda: _solve(1, 2, 3, bytearray(b"4")), "rest"),
    (lambda: _solve(1, b=[1, "2"]), "b"),
    (lambda: _solve(1, (3, "x")), "b"),
    (lambda: _solve(1, np.array(["x"])), "b"),
    (lambda: _solve(1, extra="__import__('os')"), "extra"),
    (lambda: _Model("x"), "a"),
    (lambda: _Model(2).value(3, scale="2"), "scale"),
    (lambda: _Model(2).value([1, "2"]), "x"),
])
def test_text_anywhere_is_refused_by_name(call, name):
    with pytest.raises(DomainError, match=f": {name} is not a string parameter"):
        call()


class _PosingAsText:
    """A proxy whose ``__class__`` claims str: isinstance says text, so the guard must too."""

    @property
    def __class__(self):
        return str


class _LookingUpAsText:
    """A proxy whose attribute lookup answers str for ``__class__`` (isinstance consults it)."""

    def __getattribute__(self, name):
        return str if name == "__class__" else object.__getattribute__(self, name)


def test_subclasses_of_text_and_objects_posing_as_text_are_refused():
    # the guard caches its decision by exact type; a type that can report another class (a
    # __class__ attribute, a Python __getattribute__) is never decided by its type alone, and
    # str subclasses (numpy.str_) are text
    assert isinstance(_PosingAsText(), str) and isinstance(_LookingUpAsText(), str)
    for value in (np.str_("1 + 1"), _PosingAsText(), _LookingUpAsText(), [1, np.bytes_(b"x")]):
        for _ in range(2):   # the second call goes through the cache
            with pytest.raises(DomainError, match=": b is not a string parameter"):
                _solve(1, value)
            with pytest.raises(DomainError, match=": b is not a string parameter"):
                _solve(1, b=value)


def test_numbers_containers_and_text_parameters_pass():
    assert _solve(1, 2, 3, label="a title") == 1
    assert _solve((1, 2), [3.0], np.array([1.0])) == (1, 2)
    assert _Model(2).value(3, scale=2) == 12
