# SPDX-License-Identifier: Apache-2.0
"""Loaded into the integration tests of the sanitizer build (pytest -p).

nss_wrapper dlopen()s libc with RTLD_DEEPBIND, which the sanitizer runtimes
refuse ("incompatible with sanitizer runtime", google/sanitizers#611) by
ending the program. nss_wrapper's own answer is NSS_WRAPPER_DISABLE_DEEPBIND;
the tests that preload it give the program a clean environment, so the
variable is added here, only where nss_wrapper is preloaded. Nothing else
about those tests changes."""
import subprocess

_popen_init = subprocess.Popen.__init__


def _init(self, *args, **kwargs):
    env = kwargs.get("env")
    if env is not None and "nss_wrapper" in env.get("LD_PRELOAD", ""):
        kwargs["env"] = dict(env, NSS_WRAPPER_DISABLE_DEEPBIND="1")
    _popen_init(self, *args, **kwargs)


subprocess.Popen.__init__ = _init
