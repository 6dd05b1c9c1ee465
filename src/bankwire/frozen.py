"""Frozen dataclasses built without their frozen ``__init__``, for the hot paths that build
many of them (mapping a message into its model, explaining screening hits, the payment
pipeline's records moving from state to state).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["fast_constructor", "fast_replace"]

_Model = TypeVar("_Model")

_RESERVED = frozenset({"self", "_old", "_new", "_twin", "_cls", "_keep"})
"""Names the generated functions use for themselves: a field may not be called so."""


def _twin_of(cls: type[Any]) -> tuple[tuple[dataclasses.Field[Any], ...], type]:
    """The fields of a frozen, slotted dataclass and an unfrozen class with the same slots."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r}: not a dataclass")
    fields = dataclasses.fields(cls)
    slots: tuple[str, ...] = cls.__dict__.get("__slots__", ())
    if tuple(item.name for item in fields) != slots:
        raise TypeError(f"{cls.__name__}: its slots are not exactly its fields")
    reserved = sorted(_RESERVED.intersection(slots))
    if reserved:
        raise TypeError(f"{cls.__name__}: field names {reserved} are reserved here")
    return fields, type(f"_Unfrozen{cls.__name__}", (), {"__slots__": slots})


def _generate(
    cls: type[_Model], twin: type, name: str, signature: str, body: str, names: dict[str, Any]
) -> Callable[..., _Model]:
    """A function ``name(signature)`` that runs ``body`` (lines setting ``self``'s fields) on
    a new instance of ``twin``, then gives it ``cls`` and runs ``cls.__post_init__`` if any."""
    namespace: dict[str, Any] = {"_new": object.__new__, "_twin": twin, "_cls": cls, **names}
    post_init = "    self.__post_init__()\n" if hasattr(cls, "__post_init__") else ""
    source = (
        f"def {name}({signature}):\n"
        "    self = _new(_twin)\n"
        f"{body}"
        "    self.__class__ = _cls\n"
        f"{post_init}"
        "    return self\n"
    )
    exec(source, namespace)  # Generated from the class's own field names.
    built: Callable[..., _Model] = namespace[name]
    return built


def fast_constructor(cls: type[_Model]) -> Callable[..., _Model]:
    """A constructor for a frozen, slotted dataclass that skips the frozen ``__init__``.

    A frozen dataclass sets each field through ``object.__setattr__``, a generic call per
    field: about 3 us for a ``CreditTransfer``, a fifth of the typed mapping of a pacs.008;
    more than half of what a screening ``Hit`` or ``Feature`` costs to build. The function
    returned takes the same parameters, with the same defaults, as ``cls`` and fills the
    fields of an instance of an unfrozen twin with the same slots, then gives the instance
    its real class and runs the class's ``__post_init__`` if it has one (so a validating
    class still refuses what its constructor refuses): the result is an ordinary, frozen
    ``cls`` object (same equality, hash, repr and pickling), built two to five times faster.
    Classes with default factories are refused.
    """
    fields, twin = _twin_of(cls)
    defaults: dict[str, Any] = {}
    parameters = []
    for item in fields:
        if item.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{item.name}: default factories are not supported")
        if item.default is dataclasses.MISSING:
            parameters.append(item.name)
        else:
            defaults[f"_default_{item.name}"] = item.default
            parameters.append(f"{item.name}=_default_{item.name}")
    body = "".join(f"    self.{item.name} = {item.name}\n" for item in fields)
    return _generate(cls, twin, f"build_{cls.__name__}", ", ".join(parameters), body, defaults)


def fast_replace(cls: type[_Model]) -> Callable[..., _Model]:
    """``dataclasses.replace`` for a frozen, slotted dataclass, without the frozen ``__init__``.

    ``dataclasses.replace`` reads every field by name and then calls the class, which sets
    each field through ``object.__setattr__``: about 6 us for a stored message, and a
    payment's records change state about six times on its way through the network. The
    function returned takes the instance and, as keywords, the fields to change; it copies
    the others into an instance of the unfrozen twin, gives it its real class and runs
    ``__post_init__`` if the class has one, as ``replace`` would through ``__init__``. An
    unknown field is a ``TypeError``, as with ``replace``. Classes with fields left out of
    ``__init__`` are refused (``replace`` treats those apart).
    """
    fields, twin = _twin_of(cls)
    if not all(item.init for item in fields):
        raise TypeError(f"{cls.__name__}: fields outside __init__ are not supported")
    parameters = ", ".join(f"{item.name}=_keep" for item in fields)
    body = "".join(
        f"    self.{item.name} = _old.{item.name} if {item.name} is _keep else {item.name}\n"
        for item in fields
    )
    signature = f"_old, /, *, {parameters}"
    return _generate(cls, twin, f"replace_{cls.__name__}", signature, body, {"_keep": object()})
