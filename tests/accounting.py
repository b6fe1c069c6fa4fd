"""The accounting of methods, computed independently of the library's readers: for an input template or
document, each Method / operation either appears in the output or is named by an error diagnostic whose pointer
is that Method / operation (or lies below it).

``python tests/accounting.py`` prints the numbers over the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from apigw_convert.diagnostics import Diagnostic
from apigw_convert.pointer import to_pointer

METHOD = "AWS::ApiGateway::Method"
RESOURCE = "AWS::ApiGateway::Resource"
VERB_KEYS = {"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS", "head": "HEAD",
             "patch": "PATCH", "x-amazon-apigateway-any-method": "ANY"}
_WHOLE = re.compile(r"^\$\{([^}.!]+)(?:\.([^}]+))?\}$")


def target(value: Any) -> tuple[str, str | None] | None:
    """``(X, None)`` for a reference to X, ``(X, Attr)`` for one of its attributes, in any of the spellings a
    resource tree may use; ``None`` for anything else."""
    if isinstance(value, str):
        return value, None
    if not (isinstance(value, Mapping) and len(value) == 1):
        return None
    (name, args), = value.items()
    if name == "Ref" and isinstance(args, str):
        return args, None
    if name == "Fn::GetAtt":
        parts = args.split(".", 1) if isinstance(args, str) else args
        return (parts[0], parts[1]) if isinstance(parts, list) and len(parts) == 2 else None
    if name == "Fn::Sub" and isinstance(args, list) and len(args) == 2 and args[1] == {}:
        args = args[0]
    if name == "Fn::Sub" and isinstance(args, str) and (match := _WHOLE.match(args)):
        return match.group(1), match.group(2)
    if name == "Fn::Join" and isinstance(args, list) and len(args) == 2 and args[0] == "" \
            and isinstance(args[1], list) and len(args[1]) == 1:
        return target(args[1][0])
    return None


def resources(template: Mapping[str, Any]) -> Mapping[str, Any]:
    """The Resources of a template (also a Serverless Framework file's)."""
    found = template.get("Resources")
    if found is None and isinstance(template.get("resources"), Mapping):
        found = template["resources"].get("Resources")
    return found if isinstance(found, Mapping) else {}


def _props(resource: Any) -> Mapping[str, Any]:
    props = resource.get("Properties") if isinstance(resource, Mapping) else None
    return props if isinstance(props, Mapping) else {}


def api_methods(template: Mapping[str, Any], api: str) -> list[str]:
    """The logical IDs of the Methods whose RestApiId is ``api``."""
    return [lid for lid, res in resources(template).items() if isinstance(res, Mapping)
            and res.get("Type") == METHOD and (target(_props(res).get("RestApiId")) or ("", None))[0] == api]


def method_routes(template: Mapping[str, Any], api: str) -> dict[str, tuple[str, str]]:
    """Method logical ID -> ``(path, HttpMethod)`` for every Method of ``api`` whose place can be found."""
    res = resources(template)

    def path_of(node: Any, depth: int = 0) -> str | None:
        ref = target(node)
        if ref is None or depth > 64:
            return None
        name, attribute = ref
        if name == api and attribute == "RootResourceId":
            return ""
        props = _props(res.get(name))
        if res.get(name, {}).get("Type") != RESOURCE or attribute not in (None, "ResourceId") \
                or not isinstance(props.get("PathPart"), str):
            return None
        parent = path_of(props.get("ParentId"), depth + 1)
        return None if parent is None else f"{parent}/{props['PathPart']}"

    out = {}
    for lid in api_methods(template, api):
        props = _props(res[lid])
        path, verb = path_of(props.get("ResourceId")), props.get("HttpMethod")
        if path is not None and isinstance(verb, str):
            out[lid] = (path or "/", verb.upper())
    return out


def _branches(value: Any, where: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Mapping[str, Any]]]:
    if isinstance(value, Mapping) and list(value) == ["Fn::If"] and isinstance(value["Fn::If"], list) \
            and len(value["Fn::If"]) == 3:
        for i in (1, 2):
            yield from _branches(value["Fn::If"][i], (*where, "Fn::If", i))
    elif isinstance(value, Mapping) and not (len(value) == 1 and str(next(iter(value))).startswith(("Fn::", "Ref"))):
        yield where, value


def operations(doc: Any, base: tuple[str | int, ...] = ()) -> list[tuple[str, str, str]]:
    """``(pointer, path, HttpMethod)`` of every operation of an OpenAPI document, inside Fn::If branches too."""
    paths = doc.get("paths") if isinstance(doc, Mapping) else None
    out = []
    for path, item in (paths.items() if isinstance(paths, Mapping) else ()):
        for item_at, leaf in _branches(item, (*base, "paths", str(path))):
            for key, verb in VERB_KEYS.items():
                for op_at, _ in _branches(leaf.get(key), (*item_at, key)):
                    out.append((to_pointer(op_at), str(path), verb))
    return out


def output_operations(doc: Any) -> set[tuple[str, str]]:
    """``(path, HttpMethod)`` of every operation an OpenAPI output holds."""
    return {(path, verb) for _, path, verb in operations(doc)}


def output_methods(template: Any, api: str) -> set[tuple[str, str]]:
    """``(path, HttpMethod)`` of every Method of ``api`` a template output holds."""
    return set(method_routes(template, api).values())


def _named(pointer: str, diagnostics: Iterable[Diagnostic]) -> bool:
    pointer = re.sub(r"^(.*/(?:get|put|post|delete|options|head|patch|x-amazon-apigateway-any-method))"
                     r"(?:/Fn::If/[12])+$", r"\1", pointer)  # an operation's Fn::If branch: the operation
    return any(d.severity == "error" and (d.pointer == pointer or d.pointer.startswith(pointer + "/"))
               for d in diagnostics)


@dataclass
class Tally:
    """Methods / operations in, out, reported, in an input refused as a whole (an InputError, exit 1), and
    the ones neither in the output nor reported."""

    inputs: int = 0
    outputs: int = 0
    reported: int = 0
    refused: int = 0
    silent: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Sum another tally into this one."""
        self.inputs += other.inputs
        self.outputs += other.outputs
        self.reported += other.reported
        self.refused += other.refused
        self.silent += other.silent


def account(items: Iterable[tuple[str, tuple[str, str] | None]], out: set[tuple[str, str]],
            diagnostics: Iterable[Diagnostic]) -> Tally:
    """``items`` are ``(pointer, (path, verb) or None when it cannot be placed)``; ``out`` what the output holds."""
    diagnostics = list(diagnostics)
    tally = Tally()
    for pointer, route in items:
        tally.inputs += 1
        if route is not None and route in out:
            tally.outputs += 1
        elif _named(pointer, diagnostics):
            tally.reported += 1
        else:
            tally.silent.append(pointer)
    return tally


def refused(items: list[tuple[str, Any]], error: Exception) -> Tally:
    """The tally of a conversion that raised: what its diagnostics name when it says no method converted, else
    every item counts as refused with the whole input."""
    diagnostics = getattr(error, "diagnostics", ())
    if any(d.code == "no-method-converted" for d in diagnostics):
        return account(items, set(), diagnostics)
    return Tally(inputs=len(items), refused=len(items))


def template_items(template: Mapping[str, Any], api: str, base: str = "/Resources") -> list[tuple[str, Any]]:
    """The Methods of ``api`` (and the operations of its inline Body) as accounting items."""
    routes = method_routes(template, api)
    items: list[tuple[str, Any]] = [(f"{base}/{lid}", routes.get(lid)) for lid in api_methods(template, api)]
    props = _props(resources(template).get(api))
    key = "Body" if "Body" in props else "DefinitionBody"
    body = props.get(key)
    if isinstance(body, Mapping):
        items += [(pointer, (path, verb)) for pointer, path, verb in
                  operations(body, (*base.strip("/").split("/"), api, "Properties", key))]
    return items


def document_items(doc: Any) -> list[tuple[str, Any]]:
    """The operations of a document as accounting items."""
    return [(pointer, (path, verb)) for pointer, path, verb in operations(doc)]


def corpus_tally() -> dict[str, Tally]:
    """Template -> OpenAPI for every API of every corpus template, and OpenAPI -> template for every corpus
    document; a conversion that raises counts what its error names."""
    import warnings

    from conftest import corpus_files
    from test_documents_corpus import APIS, load

    import apigw_convert
    from apigw_convert.errors import ConvertError

    tallies = {"templates": Tally(), "documents": Tally()}
    for folder in ("cfn", "embedded"):
        for path in corpus_files(folder):
            template = load(path)
            base = "/resources/Resources" if "Resources" not in template else "/Resources"
            apis = [lid for lid, res in resources(template).items()
                    if isinstance(res, Mapping) and res.get("Type") in APIS]
            external = {(target(_props(res).get("RestApiId")) or ("", None))[0] for res in resources(template).values()
                        if isinstance(res, Mapping) and res.get("Type") == METHOD} - set(resources(template)) - {""}
            for api in apis or sorted(external)[:1]:  # the Serverless Framework's API lies outside the file
                items = template_items(template, api, base)
                try:
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        doc = apigw_convert.template_to_openapi(template, api=api if apis else None,
                                                                on_loss="warn")
                    found = [w.message.diagnostic for w in caught if hasattr(w.message, "diagnostic")]
                    tallies["templates"].add(account(items, output_operations(doc), found))
                except ConvertError as error:
                    tallies["templates"].add(refused(items, error))
    tallies["unembedded"] = Tally()
    for path in corpus_files("embedded"):
        template = load(path)
        for api, res in resources(template).items():
            body = _props(res).get("Body", _props(res).get("DefinitionBody")) if isinstance(res, Mapping) else None
            if res.get("Type") not in APIS or not isinstance(body, Mapping) or "Fn::Transform" in body:
                continue
            items = template_items(template, api)
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    out = apigw_convert.unembed(template, api=api, on_loss="warn")
                found = [w.message.diagnostic for w in caught if hasattr(w.message, "diagnostic")]
                tallies["unembedded"].add(account(items, output_methods(out, api), found))
            except ConvertError as error:
                tallies["unembedded"].add(refused(items, error))
    for path in corpus_files("openapi"):
        doc = load(path)
        items = document_items(doc)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                template = apigw_convert.openapi_to_template(doc, on_loss="warn")
            found = [w.message.diagnostic for w in caught if hasattr(w.message, "diagnostic")]
            tallies["documents"].add(account(items, output_methods(template, "Api"), found))
        except ConvertError as error:
            tallies["documents"].add(refused(items, error))
    return tallies


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    for name, tally in corpus_tally().items():
        print(f"{name}: {tally.inputs} in, {tally.outputs} out, {tally.reported} reported by an error, "
              f"{tally.refused} in inputs refused as a whole, "
              f"{len(tally.silent)} silent {tally.silent}")
