"""Local fake servers on 127.0.0.1 for the Zalo and OpenID Connect tests: nothing leaves the machine."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit


class FakeServer:
    """A tiny HTTP server whose handler is a function (method, path, query, body) -> (status, dict|str, headers)."""

    def __init__(self, answer):
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                parts = urlsplit(self.path)
                outer.requests.append((method, parts.path, dict(self.headers), body))
                status, payload, headers = answer(method, parts.path, parse_qs(parts.query), body)
                data = payload if isinstance(payload, str) else json.dumps(payload)
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data.encode("utf-8"))))
                self.end_headers()
                self.wfile.write(data.encode("utf-8"))

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeOidc:
    """Discovery, JWKS, authorize (redirects straight back with a code) and token (an RS256 id_token)."""

    def __init__(self, client_id="crm-test", claims=None):
        from joserfc.jwk import RSAKey
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        self.client_id, self.claims, self.nonces = client_id, dict(claims or {}), {}
        self.server = FakeServer(self._answer)
        self.issuer = self.server.url

    def _answer(self, method, path, query, body):
        from joserfc import jwt
        if path == "/.well-known/openid-configuration":
            return 200, {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                         "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                         "id_token_signing_alg_values_supported": ["RS256"],
                         "response_types_supported": ["code"], "subject_types_supported": ["public"]}, {}
        if path == "/jwks":
            return 200, {"keys": [self.key.as_dict(private=False)]}, {}
        if path == "/authorize":
            code = f"code-{len(self.nonces)}"
            self.nonces[code] = query.get("nonce", [None])[0]
            target = query["redirect_uri"][0] + "?" + urlencode({"code": code, "state": query["state"][0]})
            return 302, "", {"Location": target}
        if path == "/token":
            code = parse_qs(body).get("code", [""])[0]
            now = int(time.time())
            claims = {"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300,
                      "nonce": self.nonces.get(code), **self.claims}
            id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
            return 200, {"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": id_token}, {}
        return 404, {"error": "not_found"}, {}

    def provider(self) -> dict:
        return {"generic": {"label": "VNeID", "client_id": self.client_id, "client_secret": "s3cret",
                            "issuer": self.issuer}}

    def close(self):
        self.server.close()
