"""Deterministic, readable CloudFormation logical IDs for the resources of one API.

Rules:

* An ID is the API's logical ID, the PascalCase words of what the resource stands for, and a kind suffix:
  ``ApiPetsPetIdResource``, ``ApiPetsPetIdGet`` (methods end in their verb; the root path is ``Root``),
  ``ApiPetModel``, ``ApiCognitoAuthorizer``, ``ApiAllValidator``, ``ApiDefault4xxGatewayResponse``.
* Only ``[A-Za-z0-9]`` survive; every other character separates words.
* Where two things would get the same ID (``/a-b`` and ``/ab``), or an ID is already taken in the template,
  each of them gets ``H`` plus eight hex digits of a SHA-256 of its own key (the path, the name) appended. The
  result depends on the set of things to name, never on their order: same input, same IDs, every run.
* IDs longer than CloudFormation's 255 characters are cut and suffixed the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

MAX_LENGTH = 255
_WORD = re.compile(r"[A-Za-z0-9]+")


def pascal(text: str, *, lower: bool = False) -> str:
    """``"/pets/{petId}"`` -> ``"PetsPetId"``; with ``lower``, ``"DEFAULT_4XX"`` -> ``"Default4xx"``."""
    words = _WORD.findall(text)
    if lower:
        words = [word.lower() for word in words]
    return "".join(word[:1].upper() + word[1:] for word in words)


def _digest(key: str, length: int = 8) -> str:
    import hashlib  # start-up: only clashing names need a digest, and validate reads through this module

    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:length].upper()


def allocate(requests: Iterable[tuple[str, str]], taken: Iterable[str] = ()) -> dict[str, str]:
    """Unique logical IDs for ``(key, wanted id)`` pairs; ``key`` must be unique and stable (a path, a name).

    Returns ``key -> logical id``. ``taken`` are IDs already in use (other resources, parameters).
    """
    used = set(taken)
    groups: dict[str, list[str]] = defaultdict(list)
    for key, wanted in requests:
        groups[wanted].append(key)
    result: dict[str, str] = {}
    for base in sorted(groups):
        keys = groups[base]
        if len(keys) == 1 and base not in used and len(base) <= MAX_LENGTH:
            result[keys[0]] = base
            used.add(base)
            continue
        for key in sorted(keys):
            length = 8
            while True:
                candidate = f"{base[: MAX_LENGTH - length - 1]}H{_digest(key, length)}"
                if candidate not in used:
                    break
                length += 4
            result[key] = candidate
            used.add(candidate)
    return result
