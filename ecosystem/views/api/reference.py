"""The API's description: the OpenAPI document and a reference page rendered from it on the server."""
from flask import Blueprint, jsonify, render_template, request

from ecosystem.extensions import api
from ecosystem.permissions import guard

bp = Blueprint("api_reference", __name__)


@bp.route("/api/v1/openapi.json")
@guard("public")
def openapi_json():
    """The OpenAPI 3.1 document generated from the schemas the endpoints validate with; a client that
    holds its ETag gets 304, like every other read of the API."""
    response = jsonify(api.spec.to_dict())
    response.add_etag()
    return response.make_conditional(request)


def _operations(spec: dict) -> list[dict]:
    rows = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {})
            rows.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                         "description": op.get("description", ""), "tag": (op.get("tags") or [""])[0],
                         "parameters": op.get("parameters", []) + item.get("parameters", []),
                         "body": (body.get("schema") or {}).get("$ref", "").rpartition("/")[2],
                         "responses": {code: (r.get("content", {}).get("application/json", {})
                                              .get("schema", {}).get("$ref", "").rpartition("/")[2])
                                       for code, r in op.get("responses", {}).items()}})
    return rows


@bp.route("/api/docs")
@guard("public")
def docs():
    """A readable reference: every path, its parameters and the schemas, no script needed."""
    spec = api.spec.to_dict()
    return render_template("api/docs.html", spec=spec, operations=_operations(spec),
                           schemas=spec.get("components", {}).get("schemas", {}))
