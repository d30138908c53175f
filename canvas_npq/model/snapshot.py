"""A snapshot: every managed object of one course at one moment, by address."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from canvas_npq.model.resources import Address, Kind, Resource


@dataclass(frozen=True)
class Snapshot:
    """An immutable set of resources keyed by address, plus ordering information.

    ``order`` maps a container (``"course:modules"``, ``"course:assignment_groups"``,
    or a module's address string such as ``"module.block-1"`` for its items) to the
    addresses in it, in order. For a
    live snapshot it also lists objects canvas-npq does not own, as ``"foreign:<id>"``,
    so that moves are computed against what is really in Canvas.
    """

    resources: Mapping[Address, Resource]
    order: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "resources", MappingProxyType(dict(self.resources)))
        object.__setattr__(
            self, "order", MappingProxyType({k: tuple(v) for k, v in self.order.items()})
        )
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    @classmethod
    def of(
        cls,
        resources: Iterable[Resource],
        order: Mapping[str, Iterable[str]] | None = None,
        meta: Mapping[str, Any] | None = None,
    ) -> Snapshot:
        by_address: dict[Address, Resource] = {}
        for resource in resources:
            if resource.address in by_address:
                raise ValueError(f"duplicate address {resource.address}")
            by_address[resource.address] = resource
        return cls(by_address, {k: tuple(v) for k, v in (order or {}).items()}, meta or {})

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources.values())

    def __len__(self) -> int:
        return len(self.resources)

    def get(self, address: Address) -> Resource | None:
        return self.resources.get(address)

    def of_kind(self, kind: Kind) -> list[Resource]:
        return [r for r in self.resources.values() if r.kind is kind]
