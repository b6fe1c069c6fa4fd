"""The parts of the neutral model: the base node, the value types, and the objects inside an integration
(integration responses, TLS settings, ``Fn::If`` between objects). The codecs build these;
:mod:`apigw_convert.model` adds :class:`~apigw_convert.model.Integration`, which converts itself through the codecs,
and re-exports everything here.

Any value may also be a CloudFormation intrinsic function (a one-key mapping ``Ref``, ``Condition`` or
``Fn::*``), carried through unchanged. Where an ``Fn::If`` chooses between whole objects (an integration,
an integration response, the list of responses), it is a :class:`Conditional` whose branches are models.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import PydanticSerializationError

from .diagnostics import CodeName, input_error, make
from .enums import ConnectionType, ContentHandling, IntegrationType, PassthroughBehavior, ResponseTransferMode
from .errors import InputError
from .intrinsics import digits_to_int, is_intrinsic, plain

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11

INTRINSIC_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A CloudFormation intrinsic function: a one-key mapping Ref, Condition or Fn::*.",
    "minProperties": 1,
    "maxProperties": 1,
    "propertyNames": {"pattern": "^(Ref|Condition|Fn::[A-Za-z0-9]+)$"},
}


def _check_intrinsic(value: Any) -> Any:
    if not is_intrinsic(value):
        raise ValueError("expected a CloudFormation intrinsic function (a one-key mapping Ref, Condition or Fn::*)")
    return plain(value)


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _number_to_str(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _digits_to_int(value: Any) -> Any:
    number = digits_to_int(value) if isinstance(value, str) else None
    return value if number is None else number


Intrinsic = Annotated[dict[str, Any], BeforeValidator(_check_intrinsic), WithJsonSchema(INTRINSIC_SCHEMA)]
Text = Union[StrictStr, Intrinsic]
Integer = Annotated[StrictInt | Intrinsic, BeforeValidator(_digits_to_int)]
Boolean = Union[StrictBool, Intrinsic]
TextList = Union[list[Text], Intrinsic]
TextMap = Union[Intrinsic, dict[str, Text | None]]


TypeValue = Annotated[Union[IntegrationType, Intrinsic], BeforeValidator(_upper)]
ConnectionTypeValue = Annotated[Union[ConnectionType, Intrinsic], BeforeValidator(_upper)]
ContentHandlingValue = Annotated[Union[ContentHandling, Intrinsic], BeforeValidator(_upper)]
PassthroughBehaviorValue = Annotated[Union[PassthroughBehavior, Intrinsic], BeforeValidator(_upper)]
ResponseTransferModeValue = Annotated[Union[ResponseTransferMode, Intrinsic], BeforeValidator(_upper)]


def _validation_error(exc: ValidationError) -> InputError:
    """pydantic's ValidationError as an InputError: one diagnostic per error, at its (neutral) location."""
    found: dict[tuple[str | int, ...], Any] = {}  # the first error at each place: a union tries each member
    for item in exc.errors(include_url=False):
        where = tuple(part for part in item["loc"] if not (isinstance(part, str) and _UNION_MEMBER.fullmatch(part)))
        if where not in found:
            kind = item["type"]
            code: CodeName = "missing-field" if kind == "missing" else \
                "invalid-enum" if kind == "enum" else "invalid-type"
            found[where] = make(code, where, item["msg"])
    return InputError.from_diagnostics(found.values())  # type: ignore[return-value]


# How pydantic names the member of a union it tried, in an error's location ("str", "function-before[...]").
_UNION_MEMBER = re.compile(r"str|int|bool|float|[a-z-]+\[.*\]|[A-Z][A-Za-z]+")


class _Node(BaseModel):
    """Base of the models: strict, no extra keys; remembers where in which source it was read from.

    The methods a user calls to validate or serialise raise :class:`InputError` (a ``ConvertError``) like the
    rest of the package; assigning a bad value to a field by hand still raises pydantic's ValidationError.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False, defer_build=True)
    _source: tuple[str, tuple[str | int, ...]] | None = PrivateAttr(default=None)
    _order: tuple[str, ...] = PrivateAttr(default=())  # the source's key order, as neutral names
    # where a field stood when not under its row's name (SAM spells EndpointConfiguration its own way)
    _fields_at: dict[str, tuple[str | int, ...]] | None = PrivateAttr(default=None)

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """pydantic's, raising :class:`InputError` for invalid data."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise _validation_error(exc) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, *args: Any, **kwargs: Any) -> Self:
        """pydantic's, raising :class:`InputError` for invalid JSON or data."""
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except ValidationError as exc:
            raise _validation_error(exc) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """pydantic's, raising :class:`InputError` for invalid data."""
        try:
            return super().model_validate_strings(obj, *args, **kwargs)
        except ValidationError as exc:
            raise _validation_error(exc) from None

    def model_dump_json(self, *args: Any, **kwargs: Any) -> str:
        """pydantic's, raising :class:`InputError` for a value JSON cannot hold (a lone surrogate)."""
        try:
            return super().model_dump_json(*args, **kwargs)
        except PydanticSerializationError as exc:
            from .yaml_io._source import lone_surrogate  # start-up: the YAML reader only when a dump fails

            where = lone_surrogate(self.model_dump()) or ()
            raise input_error("invalid-encoding", where, f"cannot write JSON: {exc}") from None


class Conditional(_Node):
    """``Fn::If [condition, if_true, if_false]`` choosing between two whole objects.

    Each subclass types its two branches: the object, a nested ``Fn::If`` of the same kind, or an intrinsic
    (``{"Ref": "AWS::NoValue"}``: no object). Plain subclasses, not a generic: parametrizing a generic model
    builds its validator at import time.
    """

    condition: StrictStr
    if_true: Any
    if_false: Any


class TlsConfig(_Node):
    """TLS settings of an HTTP integration (OpenAPI only; CloudFormation has no such property)."""

    insecure_skip_verification: Boolean | None = None


class IntegrationResponse(_Node):
    """One integration response: which backend outcome (selection pattern) maps to which status code."""

    status_code: Annotated[Text, BeforeValidator(_number_to_str)]
    selection_pattern: Annotated[Text | None, BeforeValidator(_number_to_str)] = None
    response_parameters: TextMap | None = None
    response_templates: TextMap | None = None
    content_handling: ContentHandlingValue | None = None


class ConditionalResponse(Conditional):
    """``Fn::If`` choosing between two integration responses."""

    if_true: IntegrationResponse | ConditionalResponse | Intrinsic
    if_false: IntegrationResponse | ConditionalResponse | Intrinsic


ResponseItem = Union[IntegrationResponse, ConditionalResponse]


class ConditionalResponses(Conditional):
    """``Fn::If`` choosing between two lists of integration responses."""

    if_true: list[ResponseItem] | ConditionalResponses | Intrinsic
    if_false: list[ResponseItem] | ConditionalResponses | Intrinsic


ResponseList = Union[list[ResponseItem], ConditionalResponses, Intrinsic]
