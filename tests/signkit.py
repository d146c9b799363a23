"""Test certificates and digital signatures made here (cryptography + pyHanko): a CA, a
signer certificate with a given name, a PDF signed with it.  Nothing is downloaded."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "NO"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                         crl_sign=ca, encipher_only=False, decipher_only=False)


@dataclass
class Ca:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(self, name: str) -> Signer:
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        cert = (x509.CertificateBuilder().subject_name(_name(name)).issuer_name(self.cert.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=60))
                .add_extension(_usage(False), critical=True)
                .sign(self.key, hashes.SHA256()))
        return Signer(key, cert, self)


def make_ca(name: str = "Testutsteder CA") -> Ca:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(name)).issuer_name(_name(name))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=2)).not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(True), critical=True)
            .sign(key, hashes.SHA256()))
    return Ca(key, cert)


@dataclass
class Signer:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    ca: Ca

    def sign(self, pdf: bytes, field_name: str = "Signatur") -> bytes:
        """``pdf`` with a PAdES signature by this certificate, as an incremental update."""
        from asn1crypto import keys as akeys
        from asn1crypto import x509 as ax509
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        der = lambda c: ax509.Certificate.load(c.public_bytes(serialization.Encoding.DER))  # noqa: E731
        key = akeys.PrivateKeyInfo.load(self.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        signer = signers.SimpleSigner(signing_cert=der(self.cert), signing_key=key,
                                      cert_registry=SimpleCertificateStore.from_certs([der(self.ca.cert)]))
        w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        meta = signers.PdfSignatureMetadata(field_name=field_name, subfilter=None)
        # pyHanko runs its own asyncio loop: off the loop a browser test may have left running
        from ipforms.validation.signatures import off_the_loop

        return off_the_loop(signers.sign_pdf, w, meta, signer=signer).getvalue()


def change_field(pdf: bytes, name: str, value: str) -> bytes:
    """``pdf`` with the text field ``name`` set to ``value`` in a new incremental update (what
    someone does to a signed application after it was signed)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for ref in w.root["/AcroForm"]["/Fields"]:
        f = ref.get_object()
        if str(f.get("/T")) == name:
            f["/V"] = generic.TextStringObject(value)
            w.update_container(f)
            break
    else:
        raise KeyError(name)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()
