"""CloudFormation YAML and JSON in and out.

:func:`load` reads a template or an OpenAPI document file (YAML or JSON, detected; a path or a stream) and
:func:`loads` its text into plain long-form data: ``dict``/``list``/``str``/``int``/``float``/``bool``/``None``
and nothing else. The CloudFormation short forms become long form (``!Ref X`` -> ``{"Ref": "X"}``,
``!GetAtt a.b`` -> ``{"Fn::GetAtt": ["a", "b"]}``). :func:`load_document` (:func:`loads_document` for text)
also keeps the text and finds line/column marks on demand. :func:`dump` writes YAML (short forms by default)
or JSON.

How plain YAML 1.1 scalars are read
-----------------------------------
CloudFormation "supports the YAML Version 1.1 specification" except "the binary, omap, pairs, set, and
timestamp tags", "aliases" and "hash merges" (AWS CloudFormation User Guide, *Template format*). We follow
that, and where the documentation is silent, the behaviour reported for the service:

* ``yes``/``no``/``on``/``off``/``true``/``false`` (lower, Capitalised or UPPER case) are booleans, as in
  YAML 1.1: CloudFormation deploys an unquoted ``YES`` tag value as ``"true"`` (ASFHyP3/hyp3#2061), and the
  AWS CLI quotes these words when it writes templates for that reason (aws/aws-cli#5257). The single letters
  ``y``/``n``/``Y``/``N`` stay strings (``AttributeType: N``), as in PyYAML and SnakeYAML.
* Octal-looking ``0777`` is the integer 511 and ``012345670123`` is 1402433619: an unquoted account id with a
  leading zero is corrupted by CloudFormation itself (DataDog/cloudformation-template#109,
  aws/aws-cdk#1092, aws-cloudformation/cloudformation-coverage-roadmap#745). ``0x1F``, ``0b101``, ``1_000``
  and sexagesimal ``1:20`` (= 80) are YAML 1.1 integers too; the documentation lists no exception for them.
* Dates and times (``2010-09-09``, ``2001-12-14 21:59:43``) stay **strings**: the timestamp tag is not
  supported, and ``AWSTemplateFormatVersion: 2010-09-09`` is the usual spelling. (cfn-flip and cfn-lint
  return ``datetime.date`` here.)
* ``.inf``, ``-.inf`` and ``.nan`` stay **strings**: a CloudFormation template is JSON data (ECMA-404),
  which has no infinities or NaN. An explicit ``!!float .inf`` still gives ``float("inf")``.
* ``=`` is a string (PyYAML's ``!!value`` tag has no constructor; cfn-flip fails on it).
* The explicit tags ``!!binary``, ``!!timestamp``, ``!!set``, ``!!omap`` and ``!!pairs`` are refused
  (code ``unsafe-tag``), like ``!!python/...``; ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``,
  ``!!seq`` and ``!!map`` are honoured.
* Anchors, aliases and ``<<`` merge keys are resolved, as ``aws cloudformation package``, SAM and cfn-lint
  do before CloudFormation sees the template, but each alias becomes an independent copy and the copies
  may add at most :data:`MAX_ALIAS_NODES` nodes (cfn-lint refuses past 250 000 expanded nodes).
* A duplicate key in a mapping is an error (code ``duplicate-key``): CloudFormation's behaviour is
  undefined for them and JSON/YAML readers disagree on which copy wins.

Limits
------
:data:`MAX_INPUT_BYTES` (10 MiB, ten times CloudFormation's own 1 MB limit for a template in S3) bounds the
input; :data:`MAX_DEPTH` (128 nested nodes; real templates nest about 20) bounds nesting, checked while the
document is composed, so libyaml's recursive composer never sees a pathological input (it crashes the
interpreter somewhere below 100 000 levels); :data:`MAX_ALIAS_NODES` (100 000) bounds alias expansion.
The limits are package attributes, settable, and are read at call time (they live in ``_limits``).

Every failure is an :class:`~apigw_convert.errors.InputError` whose diagnostic carries the file, line,
column and, where one exists, a JSON pointer.

Modules
-------
``_limits`` (the limits above, where the modules read them), ``_tags`` (tags, short forms, how plain scalars are
tagged on reading and on writing), ``_source`` (paths, text, bytes and streams in, within the size limit; the error
helper), ``_loader`` (YAML: composing with the depth limit, building plain data, aliases, the marks of a YAML text),
``_json`` (strict JSON and its marks), ``_document`` (:func:`load_document`, :class:`Loaded`, :func:`load`),
``_dumper`` (:func:`dump`).
"""

from __future__ import annotations

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "MAX_REREAD_CHARS",
    "SHORT_FORMS",
    "Format",
    "Loaded",
    "dump",
    "load",
    "load_document",
    "loads",
    "loads_document",
]

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import _limits
from ._document import Loaded, load, load_document, loads, loads_document
from ._dumper import dump
from ._source import Format
from ._tags import SHORT_FORMS

if TYPE_CHECKING:
    from ._limits import MAX_ALIAS_NODES as MAX_ALIAS_NODES
    from ._limits import MAX_DEPTH as MAX_DEPTH
    from ._limits import MAX_INPUT_BYTES as MAX_INPUT_BYTES
    from ._limits import MAX_REREAD_CHARS as MAX_REREAD_CHARS


def _limit(name: str) -> Any:
    """The package attribute ``name``: reads and sets the limit of that name in :mod:`._limits`."""
    return property(lambda _: getattr(_limits, name), lambda _, value: setattr(_limits, name, value))


class _Package(ModuleType):
    """This package: its limits are properties, so setting one sets the one its modules read."""

    MAX_INPUT_BYTES = _limit("MAX_INPUT_BYTES")
    MAX_DEPTH = _limit("MAX_DEPTH")
    MAX_ALIAS_NODES = _limit("MAX_ALIAS_NODES")
    MAX_REREAD_CHARS = _limit("MAX_REREAD_CHARS")


sys.modules[__name__].__class__ = _Package
