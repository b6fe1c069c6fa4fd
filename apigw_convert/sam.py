"""SAM templates: the plain CloudFormation AWS's SAM translator makes of them, offline, and where each part of
it came from in the SAM source.

A template whose ``Transform`` names ``AWS::Serverless-2016-10-31`` is translated by ``aws-sam-translator``
(the optional extra ``apigw_convert[sam]``, imported only here and only for such a template) with no AWS
credentials and no network: the pseudo parameters are given (region ``us-east-1``, partition ``aws``), managed
policies resolve from the translator's bundled map (a name it does not know is kept as written), and local
artifact paths (``CodeUri: src/``) are handed to it as S3 locations and put back as paths afterwards, where
``aws cloudformation package`` expects them. The result goes through the same readers, writers and checks as
any other template; :meth:`Translation.relocate` then points each diagnostic back into the SAM source: a
route at the function event that made it (``/Resources/Fn/Properties/Events/Get``), a security scheme at its
``Auth`` entry, a generated resource at the SAM resource it came from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar, cast

from .diagnostics import Diagnostic, input_error, make
from .errors import ConvertError, InputError
from .intrinsics import is_intrinsic, plain
from .pointer import Path
from .policy import Converted
from .resource_types import RESTAPI, SERVERLESS_API, SERVERLESS_APPLICATION, SERVERLESS_FUNCTION, SERVERLESS_PREFIX

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
EXTRA = "apigw_convert[sam]"
REGION = "us-east-1"
IMPLICIT_API = "ServerlessRestApi"
DEFAULT_CODE_URI = "."  # a function without CodeUri: sam build and sam deploy package the template's folder
# SAM resource type -> the properties that may name a local file (aws cloudformation package uploads them)
ARTIFACTS = {
    SERVERLESS_FUNCTION: ("CodeUri", "ImageUri"),
    "AWS::Serverless::LayerVersion": ("ContentUri",),
    "AWS::Serverless::StateMachine": ("DefinitionUri",),
    SERVERLESS_API: ("DefinitionUri",),
}
# generated resource type -> where the uploaded location ends up
PACKAGED = {"AWS::Lambda::Function": "Code", "AWS::Lambda::LayerVersion": "Content",
            "AWS::StepFunctions::StateMachine": "DefinitionS3Location", RESTAPI: "BodyS3Location"}
INCLUDED = "DefinitionBody"  # an AWS::Include body, which CloudFormation inserts before SAM runs
PLACEHOLDER_BUCKET = "apigw-convert-local-artifact"
EVENT_ID = re.compile(r"Event with id \[([^\]]+)\]")
RESOURCE_ID = re.compile(r"^Resource with id \[([^\]]+)\] is invalid\. ")
VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "any")

T = TypeVar("T")

#: the folder relative to which local paths of a SAM template (``DefinitionUri: api.yaml``) are read; the command
#: line sets it to the template's folder, ``None`` reads them relative to the current directory.
BASE_DIRECTORY: ContextVar[str | None] = ContextVar("BASE_DIRECTORY", default=None)


def is_sam(template: Any) -> bool:
    """Whether ``template`` declares the SAM transform (alone or in a list of transforms)."""
    if not isinstance(template, Mapping):
        return False
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return SAM_TRANSFORM in names


def undeclared_sam(template: Any) -> str | None:
    """The first ``AWS::Serverless::*`` resource of a template that does not declare the SAM transform (which
    CloudFormation then refuses), else ``None``."""
    if not isinstance(template, Mapping) or is_sam(template):
        return None
    resources = template.get("Resources")
    for lid, resource in (resources.items() if isinstance(resources, Mapping) else ()):
        kind = resource.get("Type") if isinstance(resource, Mapping) else None
        if isinstance(kind, str) and kind.startswith(SERVERLESS_PREFIX):
            return str(lid)
    return None


@dataclass
class Translation:
    """A SAM template, the plain CloudFormation it translates to, and the map back from one to the other."""

    source: Mapping[str, Any]
    template: dict[str, Any]
    #: (API logical ID, path, lower-case verb or "any") -> the function event that makes the route
    events: dict[tuple[str, str, str], Path] = field(default_factory=dict)
    #: API logical ID -> the first event that routes to it (the implicit API exists because of them)
    first_event: dict[str, Path] = field(default_factory=dict)
    #: logical IDs of the source that the translator replaced (SAM resources)
    replaced: frozenset[str] = frozenset()

    def relocate(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics about :attr:`template`, each pointing into the SAM source instead.

        A diagnostic whose place exists only in the generated template keeps that place in its message.
        """
        out = []
        for diagnostic in diagnostics:
            where = self.locate(diagnostic.path)
            if where == diagnostic.path:
                out.append(diagnostic)
                continue
            message = f"{diagnostic.message} (SAM generates it at {diagnostic.pointer or '/'})"
            out.append(replace(diagnostic, path=where, message=message))
        return out

    def locate(self, tokens: Path) -> Path:
        """The place in the SAM source responsible for ``tokens``, a place in the generated template."""
        if len(tokens) < 2 or tokens[0] != "Resources":
            return self._existing(tokens)
        lid = str(tokens[1])
        if lid in self.source_resources and lid not in self.replaced:
            return self._existing(tokens)
        rest = tuple(str(t) for t in tokens[2:])
        if rest[:2] == ("Properties", "Body") and self._generated_api(lid):
            return self._in_body(lid, rest[2:])
        owner = lid if self._generated_api(lid) else self._owner(lid)
        if owner is None:
            return self._existing(tokens)
        if owner in self.first_event or self._generated_api(owner):  # the API's stage, deployment ...: its settings
            return self._api_property(owner, rest[1:] if rest[:1] == ("Properties",) and len(rest) > 1 else ("",))
        for event in self.events.values():  # a permission named after its function and event
            if event[1] == owner and lid.startswith(owner + str(event[-1])):
                return event
        return ("Resources", owner)

    # --- helpers ------------------------------------------------------------------------------------
    @property
    def source_resources(self) -> Mapping[str, Any]:
        resources = self.source.get("Resources")
        return resources if isinstance(resources, Mapping) else {}

    def _generated_api(self, lid: str) -> bool:
        resource = self.template.get("Resources", {}).get(lid)
        return isinstance(resource, Mapping) and resource.get("Type") == RESTAPI

    def _existing(self, tokens: Path) -> Path:
        """The longest prefix of ``tokens`` that names a value of the source."""
        node: Any = self.source
        found: list[str | int] = []
        for token in tokens:
            if isinstance(node, Mapping) and token in node:
                node = node[token]
                found.append(token)
            elif isinstance(node, list) and str(token).isdigit() and int(token) < len(node):
                node = node[int(token)]
                found.append(int(token))
            else:
                break
        return tuple(found)

    def _owner(self, lid: str) -> str | None:
        """The SAM resource (or the implicit API) whose logical ID is the longest prefix of a generated ``lid``."""
        owners = [name for name in (*self.replaced, *self.first_event) if lid.startswith(name)]
        return max(owners, key=len) if owners else None

    def _in_body(self, api: str, rest: tuple[str, ...]) -> Path:
        """A place in the Body SAM generated for ``api``: the event, Auth entry or DefinitionBody part behind it."""
        source_api: Path = ("Resources", api, "Properties")
        if rest[:1] == ("paths",) and len(rest) >= 2:
            verb = rest[2].lower() if len(rest) >= 3 else ""
            verb = "any" if verb == "x-amazon-apigateway-any-method" else verb
            event = self.events.get((api, rest[1], verb))
            if event is not None:
                return event
            depth = 5 if rest[2:3] == ("Fn::If",) else 3  # paths, path, [Fn::If, branch,] verb
            defined = self._existing((*source_api, "DefinitionBody", *rest))
            if len(defined) >= len(source_api) + 1 + min(depth, len(rest)):
                return defined
            if rest[2:3] == ("Fn::If",):
                verb = rest[4].lower() if len(rest) >= 5 else ""
            if verb == "options":
                cors = self._existing((*source_api, "Cors"))
                if len(cors) > len(source_api):
                    return cors
                if "Cors" in self._globals_api():
                    return ("Globals", "Api", "Cors")
            routes = [e for (a, path, _), e in self.events.items() if a == api and path == rest[1]]
            if routes:
                return routes[0]
        schemes = ("securityDefinitions",) if rest[:1] == ("securityDefinitions",) else rest[:2]
        if schemes in (("securityDefinitions",), ("components", "securitySchemes")):
            name = rest[len(schemes)] if len(rest) > len(schemes) else None
            found = self._existing((*source_api, "Auth", "Authorizers", *((name,) if name else ())))
            if len(found) > len(source_api):
                return found
        if rest[:1] == ("x-amazon-apigateway-gateway-responses",):
            found = self._existing((*source_api, "GatewayResponses", *rest[1:]))
            if len(found) > len(source_api):
                return found
        defined = self._existing((*source_api, "DefinitionBody", *rest))
        if len(defined) > len(source_api) + 1:
            return defined
        return self._api_property(api, ("Body",))

    def _api_property(self, api: str, rest: tuple[str, ...]) -> Path:
        """A property of a generated RestApi: the SAM property (on the API, else in Globals) that sets it."""
        name = "EndpointConfiguration" if rest[0] == "Parameters" else rest[0]  # SAM derives one from the other
        for base in (("Resources", api, "Properties"), ("Globals", "Api")):
            found = self._existing((*base, name, *rest[1:]))
            if len(found) > len(base):
                return found
        return ("Resources", api) if api in self.source_resources else self.first_event.get(api, ("Resources",))

    def _globals_api(self) -> Mapping[str, Any]:
        globals_ = self.source.get("Globals")
        api = globals_.get("Api") if isinstance(globals_, Mapping) else None
        return api if isinstance(api, Mapping) else {}


def through(template: Any, run: Callable[[Any], Converted[T]]) -> Converted[T]:
    """``run(template)``, or for a SAM template ``run`` of its translation with the diagnostics relocated.

    A template with ``AWS::Serverless::*`` resources that does not declare the transform is translated as SAM
    would (its API's routes come from function events), and ``sam-transform-missing`` says CloudFormation
    refuses it as written.
    """
    undeclared = undeclared_sam(template)
    if not is_sam(template) and undeclared is None:
        return run(template)
    missing = [] if undeclared is None else [make(
        "sam-transform-missing", ("Resources", undeclared, "Type"), f"{template['Resources'][undeclared]['Type']} "
        f"without 'Transform: {SAM_TRANSFORM}': read as SAM would translate it")]
    try:
        translation = translate(template)
        try:
            result, diagnostics = run(translation.template)
        except ConvertError as error:
            raise type(error).from_diagnostics(translation.relocate(error.diagnostics)) from None
    except ConvertError as error:
        raise type(error).from_diagnostics([*missing, *error.diagnostics]) from None
    return result, [*missing, *translation.relocate(diagnostics)]


def translate(template: Mapping[str, Any]) -> Translation:
    """The plain CloudFormation the SAM translator makes of ``template``, offline.

    Raises:
        InputError: the translator is not installed (``sam-translator-missing``), or it refuses the template
            (``sam-invalid``, one diagnostic per cause, pointing at the resource or event it names).
    """
    translator = _load_translator()
    source = plain(template)
    if not isinstance(source.get("Resources"), dict):
        raise input_error("invalid-type", ("Resources",), "a SAM template needs a Resources mapping")
    _refuse_network(source)
    work = plain(source)
    artifacts = _stage_artifacts(work)
    try:
        out = translator(work)
    except _TranslatorError as error:
        raise error.input_error(source) from None
    _restore_artifacts(out, artifacts)
    translation = Translation(source, out, replaced=frozenset(_replaced(source, out)))
    _collect_events(translation)
    return translation


def _refuse_network(template: Mapping[str, Any]) -> None:
    """An application from the Serverless Application Repository is fetched over the network: refused."""
    from .documents.walk import TemplateWalk  # start-up: only a SAM template walks its resources here

    for resource in TemplateWalk(template).of_type(SERVERLESS_APPLICATION):
        if isinstance(resource.props.get("Location"), Mapping):
            raise input_error("sam-invalid", resource.at("Location"), "an application from the "
                              "Serverless Application Repository: SAM fetches its template over the network, which "
                              "this offline reading does not do")


class _TranslatorError(Exception):
    """What the translator refused, as (message, logical ID or None) pairs."""

    def __init__(self, causes: list[tuple[str, str | None]]) -> None:
        super().__init__("; ".join(message for message, _ in causes))
        self.causes = causes

    def input_error(self, source: Mapping[str, Any]) -> InputError:
        resources = source.get("Resources")
        resources = resources if isinstance(resources, Mapping) else {}
        diagnostics = []
        for message, lid in self.causes:
            where: Path = ("Resources", lid) if lid is not None and lid in resources else \
                ("Globals",) if "'Globals'" in message and "Globals" in source else ("Resources",) if lid else ()
            event = EVENT_ID.search(message)
            if lid in resources and event:
                props = resources[lid].get("Properties") if isinstance(resources[lid], Mapping) else None
                events = props.get("Events") if isinstance(props, Mapping) else None
                if lid is not None and isinstance(events, Mapping) and event.group(1) in events:
                    where = ("Resources", lid, "Properties", "Events", event.group(1))
            diagnostics.append(make("sam-invalid", where, f"the SAM translator refuses the template: {message}"))
        return InputError.from_diagnostics(diagnostics)  # type: ignore[return-value]


def _load_translator() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function that translates one SAM template with aws-sam-translator, imported now."""
    try:
        # an optional extra, slow to import: only for a SAM template
        from samtranslator.model.exceptions import ExceptionWithMessage, InvalidDocumentException
        from samtranslator.parser.parser import Parser  # (as above)
        from samtranslator.translator.translator import Translator  # (as above)
    except ImportError:
        raise input_error("sam-translator-missing", ("Transform",), f"the template uses the SAM transform "
                          f"({SAM_TRANSFORM}); reading it needs AWS's SAM translator: pip install '{EXTRA}'") from None
    import logging  # start-up: only when the translator is used

    def run(template: dict[str, Any]) -> dict[str, Any]:
        session = _Session()
        log = logging.getLogger("samtranslator")  # it logs what it raises too, with a traceback: quiet meanwhile
        level, log.level = log.level, logging.CRITICAL + 1
        try:
            translator = Translator(managed_policy_map={}, sam_parser=Parser(), boto_session=session)
            parameters = {"AWS::Region": REGION, "AWS::Partition": "aws", "AWS::AccountId": "123456789012"}
            return translator.translate(template, parameter_values=parameters)  # type: ignore[no-any-return]
        except InvalidDocumentException as error:
            raise _TranslatorError([(cause.message, _logical_id(cause)) for cause in error.causes]) from None
        except ExceptionWithMessage as error:
            raise _TranslatorError([(error.message, _logical_id(error))]) from None
        except Exception as error:  # the translator's own failures on input it did not expect
            raise _TranslatorError([(f"{type(error).__name__}: {error}", None)]) from None
        finally:
            log.setLevel(level)

    return run


class _Session:
    """What the translator asks of a boto3 session: the region, and nothing that needs credentials."""

    region_name = REGION


def _logical_id(cause: Any) -> str | None:
    lid = getattr(cause, "_logical_id", None)
    if isinstance(lid, str):
        return lid
    found = RESOURCE_ID.match(str(getattr(cause, "message", "")))
    return found.group(1) if found else None


def _stage_artifacts(template: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    """Replace local artifact paths by S3 locations the translator accepts, and ``AWS::Include`` bodies by an
    empty document; return what was replaced, as placeholder key -> (property, original value).

    An included body is not fetched: the RestApi gets the ``Fn::Transform`` back as its Body, which the
    document readers report as not read.
    """
    staged: dict[str, tuple[str, Any]] = {}
    globals_ = template.get("Globals")
    functions = globals_.get("Function") if isinstance(globals_, dict) else None
    if isinstance(functions, dict):
        _stage(functions, "CodeUri", "Globals.Function", staged)
    for resource in template["Resources"].values():  # a function that says nowhere where its code is
        if isinstance(resource, dict) and resource.get("Type") == SERVERLESS_FUNCTION \
                and not _has_code(resource.get("Properties"), functions):
            resource["Properties"] = {**(resource.get("Properties") or {}), "CodeUri": DEFAULT_CODE_URI}
    from .documents.walk import TemplateWalk  # start-up: as in _refuse_network

    for resource in TemplateWalk(template).each():
        if resource.properties is None:
            continue
        lid, props = resource.lid, cast(dict[str, Any], resource.properties)  # plain: dicts, changed in place
        body: Any = props.get("DefinitionBody")
        if resource.type == SERVERLESS_API and is_intrinsic(body) and "Fn::Transform" in body:
            staged[f"{lid}/{INCLUDED}"] = (INCLUDED, body)  # CloudFormation includes it before SAM runs
            props["DefinitionBody"] = {"swagger": "2.0", "info": {"title": lid, "version": "1.0"}, "paths": {}}
        for name in ARTIFACTS.get(resource.type, ()):
            if not (resource.type == SERVERLESS_API and "DefinitionBody" in props):
                _stage(props, name, lid, staged)
    return staged


def _has_code(*properties: Any) -> bool:
    """Whether a function's properties (or the Globals it takes) say where its code is, or not to ask: any of
    ``CodeUri``, ``InlineCode``, ``ImageUri``, ``PackageType: Image``, or properties that are not a mapping."""
    for props in properties:
        if props is None:
            continue
        if not isinstance(props, Mapping) or any(key in props for key in ("CodeUri", "InlineCode", "ImageUri")) \
                or props.get("PackageType") == "Image":
            return True
    return False


def _definition(location: str, where: Path) -> Any:
    """The OpenAPI document a local ``DefinitionUri`` names, which ``sam deploy`` uploads unchanged."""
    from .yaml_io import load  # start-up: only for a local DefinitionUri

    path = os.path.join(BASE_DIRECTORY.get() or os.curdir, location)
    if not os.path.isfile(path):
        raise input_error("file-not-found", where, f"DefinitionUri {location!r} names no file ({path} does not "
                          "exist); SAM reads it relative to the template's folder")
    return load(path, name=path)


def _stage(props: dict[str, Any], name: str, owner: str, staged: dict[str, tuple[str, Any]]) -> None:
    """Replace one local path (not an S3 URI, not an image) by a placeholder S3 location."""
    value = props.get(name)
    if isinstance(value, str) and not value.startswith("s3://") and name != "ImageUri":
        key = f"{owner}/{name}"
        staged[key] = (name, value)
        props[name] = f"s3://{PLACEHOLDER_BUCKET}/{key}"


def _restore_artifacts(template: dict[str, Any], staged: Mapping[str, tuple[str, Any]]) -> None:
    """Put the local paths back where the translator wrote the placeholder locations."""
    from .documents.walk import TemplateWalk  # start-up: as in _refuse_network

    walk = TemplateWalk(template)
    for key, (name, value) in staged.items():
        lid = key.rpartition("/")[0]
        if name == INCLUDED and isinstance(walk.resources.get(lid), dict):
            walk.resources[lid].setdefault("Properties", {})["Body"] = value
    for resource in walk.of_type(*PACKAGED):
        props, target = resource.properties, PACKAGED[resource.type]
        if not isinstance(props, dict):
            continue
        location = props.get(target)
        bucket = location.get("Bucket", location.get("S3Bucket")) if isinstance(location, dict) else None
        placed = location.get("Key", location.get("S3Key")) if isinstance(location, dict) else None
        if bucket != PLACEHOLDER_BUCKET or not isinstance(placed, str) or placed not in staged:
            continue
        if target == "BodyS3Location":  # SAM deploys the file as it is: the document is the file
            del props[target]
            owner = str(placed).rpartition("/")[0]
            props["Body"] = _definition(staged[placed][1], ("Resources", owner, "Properties", "DefinitionUri"))
        else:
            props[target] = staged[placed][1]


def _replaced(source: Mapping[str, Any], out: Mapping[str, Any]) -> Iterator[str]:
    """The source resources the translator replaced (its own types), by logical ID."""
    from .documents.walk import TemplateWalk  # start-up: as in _refuse_network

    generated = out.get("Resources", {})
    for resource in TemplateWalk(source).each(untyped=True):
        lid, kind = resource.lid, resource.raw.get("Type")
        if resource.type.startswith(SERVERLESS_PREFIX):
            yield lid
        elif not isinstance(generated.get(lid), Mapping) or generated[lid].get("Type") != kind:
            yield lid


def _collect_events(translation: Translation) -> None:
    """Which function event makes which route of which API."""
    from .documents.walk import TemplateWalk  # start-up: as in _refuse_network

    for resource in TemplateWalk(translation.source).of_type(SERVERLESS_FUNCTION):
        events = resource.props.get("Events")
        for name, event in (events.items() if isinstance(events, Mapping) else ()):
            if not isinstance(event, Mapping) or event.get("Type") != "Api":
                continue
            spec = event.get("Properties")
            if not isinstance(spec, Mapping) or not isinstance(spec.get("Path"), str):
                continue
            api = _api_of(spec.get("RestApiId"))
            verb = spec.get("Method")
            if api is None or not isinstance(verb, str):
                continue
            where = resource.at("Events", name)
            translation.events.setdefault((api, spec["Path"], verb.lower()), where)
            translation.first_event.setdefault(api, where)


def _api_of(value: Any) -> str | None:
    """The API an event's RestApiId names (none: the implicit API)."""
    if value is None:
        return IMPLICIT_API
    if isinstance(value, str):
        return value
    if is_intrinsic(value) and isinstance(value.get("Ref"), str):
        return str(value["Ref"])
    return None
