# SPDX-License-Identifier: Apache-2.0
"""The ssmreset PAM service as the packages install it, over Debian's stack
(@include common-password) or the RPM's (substack system-auth), editable for
one test (the conftest fixture "stack" gives each in turn)."""
import os
import re

from harness import PamService

SRC = os.environ.get("SSMRESET_SRC_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
MODULE = os.environ["SSMRESET_PAM_MODULE"]


class Stack:
    """/etc/pam.d/ssmreset as a package installs it, and the distribution's
    password file it builds on, editable for one test."""

    def __init__(self, kind):
        self.kind = kind
        src, self.password_name = {
            "debian": ("pam_ssmreset/ssmreset.pam", "common-password"),
            "rpm": ("packaging/rpm/ssmreset.pam", "system-auth"),
        }[kind]
        self.service = PamService("ssmreset")
        self.passwords = PamService(self.password_name)
        with open(os.path.join(SRC, src)) as f:
            self.service_text = f.read().replace("pam_ssmreset.so", MODULE)
        self.service.write(self.service_text)

    def module_options(self, *options):
        """Options on the first pam_ssmreset.so line."""
        lines = self.service_text.splitlines()
        i = next(i for i, l in enumerate(lines) if MODULE in l and not l.startswith("#") and "finish" not in l)
        lines[i] += " " + " ".join(options)
        self.service_text = "\n".join(lines) + "\n"
        self.service.write(self.service_text)

    def after_stack(self, line):
        """A line after the distribution's stack, last in the service."""
        self.service_text = self.service_text.rstrip("\n") + "\n" + line + "\n"
        self.service.write(self.service_text)

    def edit_password_stack(self, fn):
        """fn(list of lines) -> list of lines, on the distribution's file."""
        lines = fn(self.passwords.original.splitlines())
        self.passwords.write("\n".join(lines) + "\n")

    def replace_module(self, module, new_line):
        self.edit_password_stack(lambda ls: [new_line if re.search(r"\b%s\b" % re.escape(module), l) and
                                             l.startswith("password") else l for l in ls])

    def before_unix(self, new_line):
        def insert(ls):
            i = next(i for i, l in enumerate(ls) if "pam_unix.so" in l and l.startswith("password"))
            return ls[:i] + [new_line] + ls[i:]
        self.edit_password_stack(insert)

    def restore(self):
        self.passwords.restore()
        self.service.restore()
