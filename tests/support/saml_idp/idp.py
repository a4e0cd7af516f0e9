"""The test SAML identity provider's logic: pysaml2's Server, its users and the SPs it knows.

It signs the assertion and the response (RSA-SHA256, SHA-256 digests) with a self-signed
certificate made at start, names the subject by e-mail address, states how the user signed in
(AuthnContextClassRef, per user) and gives these attributes:

    email, givenName, sn, groups (one value per group)       plain names
    urn:oid:0.9.2342.19200300.100.1.3 (mail), urn:oid:2.5.4.42 (givenName), urn:oid:2.5.4.4 (sn)
                                                             the LDAP OIDs allauth maps by default
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, saml
from saml2.attribute_converter import AttributeConverter
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.s_utils import do_ava, factory
from saml2.saml import (
    NAME_FORMAT_BASIC,
    NAME_FORMAT_URI,
    NAMEID_FORMAT_EMAILADDRESS,
    NameID,
)
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from tests.support.saml_idp import PASSWORD

SP_METADATA = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID={entity_id}>
  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"
                      AuthnRequestsSigned="false" WantAssertionsSigned="true">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
                                 Location={acs_url} index="1"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
"""

# Attribute name → (its FriendlyName, if any; its NameFormat).
ATTRIBUTES = {
    "email": ("", NAME_FORMAT_BASIC),
    "givenName": ("", NAME_FORMAT_BASIC),
    "sn": ("", NAME_FORMAT_BASIC),
    "groups": ("", NAME_FORMAT_BASIC),
    "urn:oid:0.9.2342.19200300.100.1.3": ("mail", NAME_FORMAT_URI),
    "urn:oid:2.5.4.42": ("givenName", NAME_FORMAT_URI),
    "urn:oid:2.5.4.4": ("sn", NAME_FORMAT_URI),
}


class ExactNames(AttributeConverter):
    """Attributes named exactly as the identity's keys (pysaml2's own converters lower-case
    or rename them), each with the FriendlyName and NameFormat of ATTRIBUTES."""

    def __init__(self) -> None:
        super().__init__(NAME_FORMAT_URI)  # the policy's name_form: pysaml2 picks this one

    def to_(self, attrvals):
        return [
            factory(
                saml.Attribute,
                name=name,
                name_format=ATTRIBUTES[name][1],
                friendly_name=ATTRIBUTES[name][0] or None,
                attribute_value=do_ava(values),
            )
            for name, values in attrvals.items()
        ]


def write_certificate(directory: Path, common_name: str) -> tuple[Path, Path]:
    """A new RSA key and a self-signed certificate for it (PEM files): the IdP's signing pair."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / "idp-key.pem", directory / "idp-cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def idp_config(base_url: str, key_file: Path, cert_file: Path, xmlsec: str) -> IdPConfig:
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base_url}/metadata",
            "service": {
                "idp": {
                    "name": "Gouvernail test identity provider",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{base_url}/sso/redirect", BINDING_HTTP_REDIRECT),
                            (f"{base_url}/sso/post", BINDING_HTTP_POST),
                        ],
                    },
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    "want_authn_requests_signed": False,
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 15},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                }
            },
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "xmlsec_binary": xmlsec,
            "metadata": {},
        }
    )
    config.attribute_converters = [ExactNames()]
    return config


@dataclass
class User:
    email: str
    password: str
    given_name: str = ""
    family_name: str = ""
    groups: list[str] = field(default_factory=list)
    authn_context: str = PASSWORD

    def attributes(self) -> dict[str, list[str]]:
        """The attributes stated, an attribute without a value left out (no groups: none)."""
        every = {
            "email": [self.email],
            "givenName": [self.given_name],
            "sn": [self.family_name],
            "groups": list(self.groups),
            "urn:oid:0.9.2342.19200300.100.1.3": [self.email],
            "urn:oid:2.5.4.42": [self.given_name],
            "urn:oid:2.5.4.4": [self.family_name],
        }
        return {name: values for name, values in every.items() if any(values)}


class IdentityProvider:
    """pysaml2's Server with users, the service providers registered and requests in flight."""

    def __init__(self, config: IdPConfig):
        self.server = Server(config=config)
        self.users: dict[str, User] = {}
        self.pending: dict[str, tuple[str, str, str]] = {}  # key → SAMLRequest, RelayState, binding
        self.lock = threading.Lock()

    @property
    def entity_id(self) -> str:
        return self.server.config.entityid

    def metadata(self) -> str:
        descriptor = entity_descriptor(self.server.config)
        descriptor.extensions = None  # pysaml2 lists every algorithm xmlsec1 has, MD5 too
        return str(descriptor)

    def register_sp(self, entity_id: str, acs_url: str) -> None:
        self.register_sp_metadata(
            SP_METADATA.format(entity_id=quoteattr(entity_id), acs_url=quoteattr(acs_url))
        )

    def register_sp_metadata(self, xml: str) -> None:
        with self.lock:
            self.server.metadata.load("inline", xml)

    def put_user(self, user: User) -> None:
        with self.lock:
            self.users[user.email.lower()] = user

    def hold_request(self, saml_request: str, relay_state: str, binding: str) -> str:
        """Check an AuthnRequest now (it fails before the form if it is bad); a key to it."""
        self.server.parse_authn_request(saml_request, binding)
        key = secrets.token_urlsafe(16)
        with self.lock:
            self.pending[key] = (saml_request, relay_state, binding)
        return key

    def respond(self, key: str, email: str, password: str) -> dict | None:
        """The signed response to the held request as an auto-posting form, if the user is known."""
        with self.lock:
            user = self.users.get(email.lower())
            if user is None or not secrets.compare_digest(user.password, password):
                return None
            saml_request, relay_state, binding = self.pending.pop(key)
        request = self.server.parse_authn_request(saml_request, binding).message
        arguments = self.server.response_args(request, [BINDING_HTTP_POST])
        response = self.server.create_authn_response(
            user.attributes(),
            in_response_to=arguments["in_response_to"],
            destination=arguments["destination"],
            sp_entity_id=arguments["sp_entity_id"],
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=user.email),
            authn={"class_ref": user.authn_context, "authn_auth": self.entity_id},
            sign_response=True,
            sign_assertion=True,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        return self.server.apply_binding(
            BINDING_HTTP_POST,
            response,
            arguments["destination"],
            relay_state,
            response=True,
        )
