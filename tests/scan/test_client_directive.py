"""Telling a React client component (``"use client"`` first, after white space, comments and
``"use strict"``). One regular expression of repeated comments did it, and backtracked without
end on a file that starts with many comment blocks and no directive (a NestJS backend's file
held the scan of its whole repository for minutes); the head of the file is read by hand."""

from __future__ import annotations

import pytest

from migrate.scan.client_components import client_component


@pytest.mark.parametrize(
    ("text", "client"),
    [
        ('"use client";\nimport x from "y";\n', True),
        ("\ufeff'use client'\n", True),
        ("// the form\n/* a\n b */\n'use strict';\n\"use client\"\nexport {}\n", True),
        ('import x from "y";\n"use client";\n', False),
        ('"use server";\nexport async function f() {}\n', False),
        ("/* unclosed comment", False),
        ("", False),
        # thirty comment blocks and no directive: the expression took minutes here
        ("/**\n * a */\n" * 30 + "export const x = 1; /* z */\n", False),
    ],
)
def test_a_client_component_is_told_by_its_head(text: str, client: bool) -> None:
    assert client_component(text) is client
