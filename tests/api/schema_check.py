"""Just enough JSON Schema to hold the API's answers to its OpenAPI document: types,
required and known properties, arrays, enums, anyOf and $ref. The document's schemas use
nothing else (a keyword outside these fails the check, so none is ignored silently)."""

from __future__ import annotations

import datetime

KNOWN = {
    "type", "properties", "required", "items", "enum", "anyOf", "$ref", "description",
    "format", "additionalProperties", "minimum", "default",
}  # fmt: skip
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def problems(value, schema: dict, document: dict, where: str = "$") -> list[str]:
    unknown = set(schema) - KNOWN
    if unknown:
        return [f"{where}: schema keywords not checked: {sorted(unknown)}"]
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return problems(value, document["components"]["schemas"][name], document, where)
    if "anyOf" in schema:
        found = [problems(value, option, document, where) for option in schema["anyOf"]]
        return [] if any(not p for p in found) else [p for ps in found for p in ps]
    if "enum" in schema:
        return [] if value in schema["enum"] else [f"{where}: {value!r} not in the enum"]
    kind = schema.get("type")
    if kind is not None:
        expected = TYPES[kind]
        if not isinstance(value, expected) or (kind == "integer" and isinstance(value, bool)):
            return [f"{where}: {value!r} is not {kind}"]
    if schema.get("format") in ("date", "date-time"):
        parse = datetime.date if schema["format"] == "date" else datetime.datetime
        try:
            parse.fromisoformat(value)
        except ValueError:
            return [f"{where}: {value!r} is not an ISO 8601 {schema['format']}"]
    found: list[str] = []
    if kind == "object":
        properties = schema.get("properties", {})
        found += [
            f"{where}: missing {key}" for key in schema.get("required", []) if key not in value
        ]
        for key, item in value.items():
            if key in properties:
                found += problems(item, properties[key], document, f"{where}.{key}")
            elif "additionalProperties" in schema:
                found += problems(item, schema["additionalProperties"], document, f"{where}.{key}")
            elif "properties" in schema:  # an object with no properties named may hold any
                found.append(f"{where}: undocumented property {key}")
    if kind == "array":
        for index, item in enumerate(value):
            found += problems(item, schema["items"], document, f"{where}[{index}]")
    return found
