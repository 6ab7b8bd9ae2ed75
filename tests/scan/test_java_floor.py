"""A Java project's suggestions compile for the Java its build names.

A Spring Boot 2 service built for Java 11 (``<java.version>11</java.version>``, Gradle's
``sourceCompatibility``) got suggestions with a text block (Java 15), ``instanceof Map<?, ?>
map`` and a static method in a local class (Java 16) and ``Stream.toList()`` (Java 16): none
compiled there. They are written for the build's Java now (``migrate/scan/java_compat.py``);
both forms are compiled here with ``javac --release``.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from migrate.scan.java_compat import NEWEST, floor_at
from tests.scan.trees import only_site, write_tree

SERVICE = """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;

public class Billing {
    public Session buy(String priceId, String orderId, List<Item> items) throws Exception {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .putMetadata("order_id", orderId)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build());
        for (Item item : items) {
            if (item.getQuantity() == 0) {
                continue;
            }
            params.addLineItem(SessionCreateParams.LineItem.builder().setPrice(item.getPrice()).setQuantity(item.getQuantity()).build());
        }
        return Session.create(params.build());
    }
}
"""

POM = "<project><properties><java.version>{}</java.version></properties></project>\n"


def _compiles(folder: Path, suggestion: str, release: int) -> subprocess.CompletedProcess[str]:
    body = "\n".join(x for x in suggestion.splitlines() if not x.startswith("// imports"))
    code = textwrap.indent(body + "\nSystem.out.println(dodoResponse.body());", " " * 8)
    write_tree(
        folder,
        {
            "dodo/DodoIds.java": (
                "package dodo;\npublic final class DodoIds {\n"
                "    public static String productId(String id) { return id; }\n}\n"
            ),
            "shop/Item.java": (
                "package shop;\npublic class Item {\n"
                '    public String getPrice() { return "price_1"; }\n'
                "    public long getQuantity() { return 1L; }\n}\n"
            ),
            "shop/Billing.java": (
                "package shop;\n\nimport dodo.DodoIds;\nimport java.net.URI;\n"
                "import java.net.http.HttpClient;\nimport java.net.http.HttpRequest;\n"
                "import java.net.http.HttpResponse;\nimport java.util.List;\n\n"
                "public class Billing {\n"
                "    public void buy(String priceId, String orderId, List<Item> items)"
                " throws Exception {\n"
                f"{code}\n    }}\n}}\n"
            ),
        },
    )
    sources = [
        str(folder / p) for p in ("dodo/DodoIds.java", "shop/Item.java", "shop/Billing.java")
    ]
    return subprocess.run(
        ["javac", "--release", str(release), "-d", str(folder / "out"), *sources],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_java_11_build_gets_suggestions_java_11_compiles(tmp_path: Path) -> None:
    old = only_site(
        tmp_path / "old", {"pom.xml": POM.format(11), "src/main/java/shop/Billing.java": SERVICE}
    )
    new = only_site(tmp_path / "new", {"src/main/java/shop/Billing.java": SERVICE})
    older, newer = old.suggestion or "", new.suggestion or ""
    assert 'dodoBody = """' in newer and "instanceof java.util.Map<?, ?> map)" in newer
    assert ")).toList()" in newer
    assert 'dodoBody = ("{\\n"' in older and "instanceof java.util.Map<?, ?> map)" not in older
    assert ")).toList()" not in older and "Collectors.toList()" in older
    assert "dodoJson.of(" in older and "static String of(" not in older
    if shutil.which("javac") is None:
        pytest.skip("no JDK: the suggestions are not compiled")
    done = _compiles(tmp_path / "javac11", older, 11)
    assert done.returncode == 0, done.stderr + older
    # the current forms compile for the newest Java, not for Java 11: the check can fail
    assert _compiles(tmp_path / "javac17", newer, 17).returncode == 0
    assert _compiles(tmp_path / "javac11-new", newer, 11).returncode != 0


def test_a_java_8_build_is_told_java_net_http_needs_java_11(tmp_path: Path) -> None:
    site = only_site(
        tmp_path, {"pom.xml": POM.format("1.8"), "src/main/java/shop/Billing.java": SERVICE}
    )
    assert (site.suggestion or "").startswith("// this project builds for Java 8: java.net.http")


@pytest.mark.parametrize(
    ("name", "text", "level"),
    [
        ("pom.xml", "<maven.compiler.release>11</maven.compiler.release>", 11),
        ("pom.xml", "<maven.compiler.source>1.8</maven.compiler.source>", 8),
        ("build.gradle", "sourceCompatibility = JavaVersion.VERSION_1_8", 8),
        ("build.gradle", "java {\n  sourceCompatibility = '11'\n}", 11),
        (
            "build.gradle.kts",
            "java { toolchain { languageVersion = JavaLanguageVersion.of(17) } }",
            17,
        ),
        ("pom.xml", "<project></project>", NEWEST),
    ],
)
def test_the_java_a_build_names(tmp_path: Path, name: str, text: str, level: int) -> None:
    write_tree(tmp_path, {name: text, "src/A.java": "class A {}\n"})
    floor_at.cache_clear()
    assert floor_at(str(tmp_path / "src")) == level
