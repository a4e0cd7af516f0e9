"""The environment of a production process started by a test: only what production requires."""

from __future__ import annotations

import os

# No DJANGO_SETTINGS_MODULE: each entry point must choose production by itself.
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SECRET_KEY": "x9$Kq2!vLm7#Rt4@Wz8&Yp3^Hs6*Nd1%Gf5(Jb0)Ce-Ua_Io+Qe8=Ty3",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "FIELD_ENCRYPTION_KEY": "UJZQEnq5okstLK9ZTlcuhdgOjRjV3r_3X95ljLN7jSI=",
}
