"""Start the test SAML identity provider: `python -m tests.support.saml_idp`.

Reads IDP_DIRECTORY, IDP_PORT, IDP_BASE_URL and IDP_HARNESS_TOKEN (fixture.py sets them), makes
its signing certificate, then serves on 127.0.0.1 until it is signalled:

    GET  /metadata        the IdP's metadata (entity id: this URL)
    GET  /sso/redirect    SingleSignOnService, HTTP-Redirect binding: the sign-in form
    POST /sso/post        SingleSignOnService, HTTP-POST binding: the sign-in form
    POST /login           the form (email, password): the signed response, posted to the ACS
    POST /harness/...     users and service providers, for the fixture (bearer token)
"""

from __future__ import annotations

import hmac
import html
import json
import os
import shutil
import socketserver
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT

from tests.support.saml_idp import PASSWORD
from tests.support.saml_idp.idp import IdentityProvider, User, idp_config, write_certificate

SIGN_IN = """<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8"><title>Test SAML identity provider: sign in</title></head>
  <body>
    <h1>Test SAML identity provider</h1>
    {error}
    <form method="post" action="/login">
      <p><label for="email">Email</label> <input id="email" name="email" type="email" required></p>
      <p><label for="password">Password</label>
         <input id="password" name="password" type="password" required></p>
      <input type="hidden" name="request" value="{key}">
      <button type="submit">Sign in</button>
    </form>
  </body>
</html>
"""


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class App:
    def __init__(self, idp: IdentityProvider, token: str):
        self.idp = idp
        self.token = token

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        try:
            status, content_type, body = self.route(method, path, environ)
        except Exception as error:  # a bad request is the test's to see, not a dead server
            status, content_type, body = "400 Bad Request", "text/plain", f"{error!r}\n"
        data = body.encode()
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
        return [data]

    def route(self, method: str, path: str, environ) -> tuple[str, str, str]:
        if (method, path) == ("GET", "/metadata"):
            return "200 OK", "application/samlmetadata+xml", self.idp.metadata()
        if (method, path) == ("GET", "/sso/redirect"):
            return self.sign_in(parse_qs(environ.get("QUERY_STRING", "")), BINDING_HTTP_REDIRECT)
        if (method, path) == ("POST", "/sso/post"):
            return self.sign_in(_form(environ), BINDING_HTTP_POST)
        if (method, path) == ("POST", "/login"):
            return self.login(_form(environ))
        if method == "POST" and path.startswith("/harness/"):
            return self.harness(path, environ)
        return "404 Not Found", "text/plain", "not found\n"

    def sign_in(self, query: dict, binding: str, error: str = "") -> tuple[str, str, str]:
        relay_state = query.get("RelayState", [""])[0]
        key = self.idp.hold_request(query["SAMLRequest"][0], relay_state, binding)
        return "200 OK", "text/html; charset=utf-8", SIGN_IN.format(error=error, key=key)

    def login(self, form: dict) -> tuple[str, str, str]:
        key = form["request"][0]
        answer = self.idp.respond(key, form["email"][0], form["password"][0])
        if answer is None:
            page = SIGN_IN.format(error="<p>Wrong e-mail or password.</p>", key=html.escape(key))
            return "200 OK", "text/html; charset=utf-8", page
        return "200 OK", "text/html; charset=utf-8", answer["data"]

    def harness(self, path: str, environ) -> tuple[str, str, str]:
        given = environ.get("HTTP_AUTHORIZATION", "")
        if not hmac.compare_digest(given, f"Bearer {self.token}"):
            return "403 Forbidden", "text/plain", "harness token required\n"
        data = json.loads(_body(environ))
        if path == "/harness/users":
            self.idp.put_user(User(**{"authn_context": PASSWORD, **data}))
        elif path == "/harness/sps":
            self.idp.register_sp(data["entity_id"], data["acs_url"])
        elif path == "/harness/sp-metadata":
            self.idp.register_sp_metadata(data["xml"])
        else:
            return "404 Not Found", "text/plain", "not found\n"
        return "200 OK", "application/json", "{}"


def _body(environ) -> bytes:
    return environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))


def _form(environ) -> dict:
    return parse_qs(_body(environ).decode())


def main() -> None:
    directory = Path(os.environ["IDP_DIRECTORY"])
    base_url = os.environ["IDP_BASE_URL"]
    xmlsec = shutil.which("xmlsec1")
    if xmlsec is None:
        raise SystemExit("xmlsec1 is not installed (apt-get install xmlsec1)")
    key_file, cert_file = write_certificate(directory, base_url)
    idp = IdentityProvider(idp_config(base_url, key_file, cert_file, xmlsec))
    app = App(idp, os.environ["IDP_HARNESS_TOKEN"])
    with make_server(
        "127.0.0.1",
        int(os.environ["IDP_PORT"]),
        app,
        server_class=ThreadingServer,
        handler_class=WSGIRequestHandler,
    ) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
