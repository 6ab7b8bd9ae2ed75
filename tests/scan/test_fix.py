"""``scan --fix`` / ``--diff``: rewrites that keep the money, refusals that keep the code."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dodopayments.types import CheckoutSessionCreateParams

from migrate import cli
from migrate.mapping.translate import Options
from migrate.readers.idmap import IdMap
from migrate.scan.fix import plan_fixes, safety, write_fixes
from migrate.scan.scan import scan_paths
from tests.dodo_contract import contract_errors

PAY = '''"""Checkout."""
import os

import stripe


def pay():
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Tee", "quantity": 2}],
        success_url="https://shop.example.com/ok",
    )
    return session.url


def pay_later(email):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Tee", "quantity": 1}],
        success_url=os.environ["BASE"] + "/ok",
        customer_email=email,
        client_reference_id=email.split("@")[0],
    )


def held():
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Tee", "quantity": 1}],
        payment_intent_data={"capture_method": "manual"},
    )
'''

JS = """const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

async function pay() {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_1Tee", quantity: 3 }],
    success_url: "https://shop.example.com/ok",
  });
  return session.url;
}

module.exports = { pay };
"""

IDS = {"price_1Tee": "pdt_tee"}


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "pay.py").write_text(PAY)
    (tmp_path / "pay.js").write_text(JS)
    (tmp_path / "ids.json").write_text(json.dumps(IDS))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")
    return tmp_path


def _call_kwargs(source: str, line: int) -> dict[str, Any]:
    """The keyword arguments (as literals) of the call that starts on ``line``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and node.lineno == line and node.keywords:
            return {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    raise AssertionError(f"no call on line {line}")


def test_a_stripe_template_in_a_run_time_url_is_removed_and_the_decision_written(
    tmp_path: Path,
) -> None:
    code = tmp_path / "t.py"
    code.write_text(
        "import stripe\n\n"
        "def pay(base):\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment',\n"
        "        line_items=[{'price': 'price_1Tee', 'quantity': 1}],\n"
        "        success_url=base + '/ok?session_id={CHECKOUT_SESSION_ID}',\n"
        "    )\n"
    )
    sites = list(scan_paths([str(code)], options=Options(ids=IdMap.from_json(IDS))))
    assert plan_fixes(sites)[0].fixed == ()  # C003 is a decision: only --unsafe-fixes
    (fix,) = plan_fixes(sites, unsafe=True)
    lines = fix.after.splitlines()
    note = next(i for i, t in enumerate(lines) if "stripe2dodo C003 (warning)" in t)
    assert lines[note].startswith("    # ")  # at the call's indentation
    assert "TODO" not in fix.after
    assert "return_url=base + '/ok'," in fix.after  # Dodo adds its own query params
    assert "{CHECKOUT_SESSION_ID}" not in fix.after.replace(lines[note], "")
    ast.parse(fix.after)


def test_diff_changes_nothing_and_fix_rewrites_only_safe_calls(repo: Path) -> None:
    runner = CliRunner()
    before = (repo / "pay.py").read_text()
    ids = str(repo / "ids.json")
    diff = runner.invoke(cli.main, ["scan", str(repo / "pay.py"), "--diff", "--id-map", ids])
    assert (repo / "pay.py").read_text() == before
    assert "+from dodopayments import DodoPayments" in diff.stdout
    assert "-    session = stripe.checkout.Session.create(" in diff.stdout
    # pay_later's answer leaves the function, held() has a blocker: decisions, not --fix
    assert "pay.py:17:12: the answer is used in a way the rewrite cannot carry" in diff.stderr
    assert "blockers" in diff.stderr and "pass --unsafe-fixes" in diff.stderr

    fixed = runner.invoke(cli.main, ["scan", str(repo / "pay.py"), "--fix", "--id-map", ids])
    assert "fixed 1 call site(s) in 1 file(s); 2 left as is" in fixed.stderr
    after = (repo / "pay.py").read_text()
    compile(after, "pay.py", "exec")
    assert after.count("stripe.checkout.Session.create(") == 2  # the other two are untouched
    assert after.count("from dodopayments import DodoPayments") == 1
    assert "return session.checkout_url" in after  # the answer's url, in Dodo's name
    # the rewritten call sends exactly the translated body, which the SDK accepts
    line = next(i for i, t in enumerate(after.splitlines(), 1) if "dodo_client()." in t)
    body = _call_kwargs(after, line)
    assert body["product_cart"] == [{"product_id": "pdt_tee", "quantity": 2}]
    assert body["return_url"] == "https://shop.example.com/ok"
    assert contract_errors(body, CheckoutSessionCreateParams) == []


def test_fix_refuses_a_dirty_tree_unless_forced(repo: Path) -> None:
    runner = CliRunner()
    ids = str(repo / "ids.json")
    (repo / "pay.py").write_text(PAY + "\n# local edit\n")
    refused = runner.invoke(cli.main, ["scan", str(repo), "--fix", "--id-map", ids])
    assert refused.exit_code == 2
    assert "uncommitted changes" in refused.stderr and "pay.py" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert (repo / "pay.py").read_text() == PAY + "\n# local edit\n"
    forced = runner.invoke(cli.main, ["scan", str(repo), "--fix", "--force", "--id-map", ids])
    assert forced.exit_code in (0, 1)
    assert "DodoPayments" in (repo / "pay.py").read_text()


def test_unsafe_fixes_carry_run_time_values_by_source_text(repo: Path) -> None:
    runner = CliRunner()
    ids = str(repo / "ids.json")
    result = runner.invoke(
        cli.main, ["scan", str(repo / "pay.py"), "--fix", "--unsafe-fixes", "--id-map", ids]
    )
    assert "fixed 3 call site(s)" in result.stderr
    assert "pay.py:17:12: X016 (warning): the Checkout answer leaves the function" in result.stderr
    after = (repo / "pay.py").read_text()
    compile(after, "pay.py", "exec")
    tree = ast.parse(after)
    later = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "pay_later")
    call = later.body[0].value  # type: ignore[attr-defined]
    kwargs = {k.arg: ast.unparse(k.value) for k in call.keywords}
    assert kwargs["return_url"] == "os.environ['BASE'] + '/ok'"
    assert kwargs["customer"] == "{'email': email} if email else None"
    assert kwargs["metadata"] == "{'client_reference_id': str(email.split('@')[0])}"
    # held()'s manual capture is a blocker: rewritten only with --unsafe-fixes, the decision
    # written above the call with its code
    held = next(f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "held")
    above = after.splitlines()[held.lineno : held.body[0].lineno - 1]
    assert any(
        line.strip().startswith("# stripe2dodo P001 (blocker): `capture_method=manual`")
        for line in above
    )
    assert "return dodo_client().checkout_sessions.create(" in after
    # pay_later returns the answer: its callers read Stripe's fields, written above it too
    assert (
        "# stripe2dodo X016 (warning): the Checkout answer leaves the function (returned" in after
    )


def test_javascript_fix_adds_a_require_and_keeps_await(repo: Path) -> None:
    runner = CliRunner()
    ids = str(repo / "ids.json")
    result = runner.invoke(cli.main, ["scan", str(repo / "pay.js"), "--fix", "--id-map", ids])
    assert "fixed 1 call site(s)" in result.stderr
    after = (repo / "pay.js").read_text()
    assert after.count('const { DodoPayments } = require("dodopayments");') == 1
    assert "await dodoClient().checkoutSessions.create({" in after
    assert "return session.checkout_url;" in after
    if shutil.which("node"):
        subprocess.run(["node", "--check", str(repo / "pay.js")], check=True)
    # scanning the rewritten file finds no Stripe creation any more
    assert [s for s in scan_paths([str(repo / "pay.js")]) if s.kind == "create"] == []


def test_fix_and_diff_together_is_a_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(cli.main, ["scan", str(repo), "--fix", "--diff"])
    assert result.exit_code == 2
    assert "pick one" in result.stderr


def test_a_price_the_id_map_does_not_know_is_looked_up_at_run_time(repo: Path) -> None:
    # without --id-map the translation holds a placeholder product: the rewrite looks the Stripe
    # price up in the generated id-map module instead, which fails loudly until it is migrated
    (site, *_) = [s for s in scan_paths([str(repo / "pay.py")]) if s.kind == "create"]
    assert safety(site)[0] == "safe"
    (fix,) = plan_fixes([site])
    assert '"product_id": dodo_product_id("price_1Tee"),' in fix.after
    assert "s2d_" not in fix.after
    assert "from dodo_ids import dodo_product_id" in fix.after


def test_inline_products_to_create_first_are_never_fixed(tmp_path: Path) -> None:
    code = tmp_path / "t.py"
    code.write_text(
        "import stripe\n\n"
        "def buy():\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment',\n"
        "        line_items=[{'price_data': {'currency': 'usd', 'unit_amount': 500,\n"
        "                      'product_data': {'name': 'Tee'}}, 'quantity': 1}],\n"
        "        success_url='https://x.example/ok',\n"
        "    )\n"
    )
    (fix,) = plan_fixes(list(scan_paths([str(code)])), unsafe=True)
    assert fix.fixed == ()
    assert "`stripe2dodo plan --code PATH`, `apply`" in fix.skipped[0][1]


def test_a_run_time_price_is_rewritten_as_the_look_up(tmp_path: Path) -> None:
    code = tmp_path / "t.py"
    code.write_text(
        "import stripe\n\n"
        "def buy(order):\n"
        "    return stripe.checkout.Session.create(\n"
        "        mode='payment',\n"
        "        line_items=[{'price': order.price_id, 'quantity': 1}],\n"
        "        success_url='https://x.example/ok',\n"
        "    )\n"
    )
    (fix,) = plan_fixes(list(scan_paths([str(code)])), unsafe=True)
    assert '"product_id": dodo_product_id(order.price_id),' in fix.after
    assert "product_cart=[]" not in fix.after
    assert "TODO" not in fix.after
    assert "from dodo_ids import dodo_product_id" in fix.after
    compile(fix.after, "t.py", "exec")


@pytest.mark.parametrize("directive", ["@ts-expect-error preview field", "@ts-ignore"])
def test_a_typescript_directive_for_the_stripe_call_is_made_a_plain_comment(
    tmp_path: Path, directive: str
) -> None:
    """An unused ``@ts-expect-error`` is itself a tsc error (TS2578): kept above the Dodo call,
    which type-checks, the fixed file failed tsc (karakeep). What it said stays, as a comment."""
    code = tmp_path / "t.ts"
    code.write_text(
        'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_KEY!);\n\n'
        "export async function buy(customer: string) {\n"
        "  // keep this note\n"
        f"  // {directive}\n"
        "  const session = await stripe.checkout.sessions.create({\n"
        "    mode: 'subscription', customer, success_url: 'https://example.com/ok',\n"
        "    line_items: [{ price: 'price_basic', quantity: 1 }],\n"
        "  });\n"
        "  return session.url;\n}\n"
    )
    (fix,) = plan_fixes(list(scan_paths([str(code)])), unsafe=True)
    assert fix.fixed
    kind = directive.split(maxsplit=1)[0]
    assert f"// {kind}" not in fix.after
    assert f"  // (stripe2dodo: the Stripe call's {kind}, removed)" in fix.after
    assert "preview field" in fix.after or kind == "@ts-ignore"
    assert "  // keep this note\n" in fix.after


def test_a_directive_above_two_calls_and_in_a_crlf_file_is_rewritten_once(tmp_path: Path) -> None:
    code = tmp_path / "t.ts"
    text = (
        'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_KEY!);\n\n'
        "export async function buy() {\n"
        "  // @ts-expect-error preview field\n"
        "  const [a, b] = await Promise.all([\n"
        "    stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x/ok',\n"
        "      line_items: [{ price: 'price_a', quantity: 1 }] }),\n"
        "    stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x/ok',\n"
        "      line_items: [{ price: 'price_b', quantity: 1 }] }),\n"
        "  ]);\n"
        "  return [a.url, b.url];\n}\n"
    )
    code.write_bytes(text.replace("\n", "\r\n").encode())
    (fix,) = plan_fixes(list(scan_paths([str(code)])), unsafe=True)
    assert len(fix.fixed) == 2
    said = "  // (stripe2dodo: the Stripe call's @ts-expect-error, removed) preview field\r\n"
    assert fix.after.count("@ts-expect-error") == 1 and said in fix.after
    assert "\n" not in fix.after.replace("\r\n", "")  # every line break the file's own


# -- writing files: line breaks, encoding, permissions, atomic replacement, symlinks -----------


def _commit(repo: Path) -> None:
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "more")


def test_a_crlf_file_keeps_its_line_breaks_and_its_code(repo: Path) -> None:
    # the call's offsets count the \r of every line: reading the file with universal newlines
    # shifted them and wrote `return striDodoPayments(...)`
    (repo / "crlf.py").write_bytes(PAY.replace("\n", "\r\n").encode())
    (repo / "lf.py").write_bytes(PAY.encode())
    _commit(repo)
    ids = str(repo / "ids.json")
    for name in ("crlf.py", "lf.py"):
        result = CliRunner().invoke(cli.main, ["scan", str(repo / name), "--fix", "--id-map", ids])
        assert "fixed 1 call site(s) in 1 file(s)" in result.stderr, result.stderr
    crlf, lf = (repo / "crlf.py").read_bytes(), (repo / "lf.py").read_bytes()
    assert crlf.count(b"\n") == crlf.count(b"\r\n")  # no bare LF added
    assert crlf == lf.replace(b"\n", b"\r\n")  # the same rewrite, in the file's line breaks
    assert b"    session = dodo_client().checkout_sessions.create(\r\n" in crlf
    compile(crlf.decode(), "crlf.py", "exec")


def test_a_byte_order_mark_and_the_permissions_are_kept(repo: Path) -> None:
    path = repo / "bom.py"
    path.write_bytes(b"\xef\xbb\xbf" + PAY.replace("\n", "\r\n").encode())
    path.chmod(0o751)
    _commit(repo)
    result = CliRunner().invoke(
        cli.main, ["scan", str(path), "--fix", "--id-map", str(repo / "ids.json")]
    )
    assert "fixed 1 call site(s)" in result.stderr, result.stderr
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert b"\r\nfrom dodopayments import DodoPayments\r\n" in data
    assert b"    session = dodo_client().checkout_sessions.create(" in data
    assert path.stat().st_mode & 0o7777 == 0o751
    compile(data[3:].decode(), "bom.py", "exec")


def test_the_file_is_replaced_by_a_rename_so_a_killed_run_leaves_it_whole(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.scan import fix as fix_module

    path = repo / "pay.py"
    sites = list(scan_paths([str(path)], options=Options(ids=IdMap.from_json(IDS))))
    (planned,) = fix_module.plan_fixes(sites)
    seen: list[tuple[Path, bytes]] = []

    def killed(src: Any, dst: Any) -> None:
        seen.append((Path(src), Path(src).read_bytes()))
        raise KeyboardInterrupt  # the run dies before the rename

    monkeypatch.setattr(fix_module.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        fix_module.write_fixes([planned])
    assert path.read_text() == PAY  # never truncated, never half written
    ((temp, content),) = seen
    assert temp.parent == path.parent and temp != path
    assert content == planned.after.encode()  # the whole new text was in the temporary file
    assert not temp.exists()  # and it was cleaned up
    assert sorted(p.name for p in repo.iterdir() if p.name != ".git") == [
        "ids.json",
        "pay.js",
        "pay.py",
    ]


def test_a_symlink_out_of_the_tree_is_never_written_through(tmp_path: Path, repo: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "real.py").write_text(PAY)
    (repo / "link.py").symlink_to(outside / "real.py")
    _commit(repo)
    result = CliRunner().invoke(
        cli.main, ["scan", str(repo), "--fix", "--force", "--id-map", str(repo / "ids.json")]
    )
    assert (outside / "real.py").read_text() == PAY
    assert (repo / "link.py").is_symlink()
    assert "link.py:8:15: a symbolic link: not written through" in result.stderr
    assert "DodoPayments" in (repo / "pay.py").read_text()  # the other files are fixed


def test_one_file_that_cannot_be_read_or_written_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.scan import fix as fix_module

    for name in ("a", "b", "c", "d"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pay.py").write_text(PAY)
    sites = list(scan_paths([str(tmp_path)], options=Options(ids=IdMap.from_json(IDS))))
    (tmp_path / "a" / "pay.py").unlink()  # gone between the scan and the fix
    (tmp_path / "c" / "pay.py").write_text(PAY.replace("def pay", "\ndef pay"))  # edited
    real = fix_module.tempfile.mkstemp

    def no_space(*args: Any, **kwargs: Any) -> Any:
        if Path(kwargs["dir"]).name == "b":
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    fixes = fix_module.plan_fixes(sites)
    problems = {Path(f.path).parent.name: f.problem for f in fixes if f.problem}
    assert problems == {
        "a": "cannot read for --fix: No such file or directory",
        "c": "changed since it was scanned: scan again",
    }
    monkeypatch.setattr(fix_module.tempfile, "mkstemp", no_space)
    failed = fix_module.write_fixes(fixes)
    assert [(Path(f.path).parent.name, f.problem) for f in failed] == [
        ("b", "cannot write: No space left on device; the file is unchanged")
    ]
    assert (tmp_path / "b" / "pay.py").read_text() == PAY
    assert "dodo_client()." in (tmp_path / "d" / "pay.py").read_text()


def test_the_cli_names_a_file_it_could_not_write_and_exits_2(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.scan import fix as fix_module

    (repo / "sub").mkdir()
    (repo / "sub" / "pay.py").write_text(PAY)
    _commit(repo)
    real = fix_module.tempfile.mkstemp

    def read_only(*args: Any, **kwargs: Any) -> Any:
        if Path(kwargs["dir"]).name == "sub":
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)

    monkeypatch.setattr(fix_module.tempfile, "mkstemp", read_only)
    result = CliRunner().invoke(
        cli.main, ["scan", str(repo), "--fix", "--id-map", str(repo / "ids.json")]
    )
    assert result.exit_code == 2
    assert (
        f"stripe2dodo: error: {repo / 'sub' / 'pay.py'}: cannot write: Permission denied; "
        "the file is unchanged" in result.stderr
    )
    assert "fixed 2 call site(s) in 2 file(s)" in result.stderr  # pay.py and pay.js
    assert "dodo_client()." in (repo / "pay.py").read_text()
    assert (repo / "sub" / "pay.py").read_text() == PAY
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_utf8_is_left_alone_with_a_reason(repo: Path) -> None:
    # the scan read it with replacement characters: writing that text back would change bytes
    latin1 = "# caf\xe9, encoded as Latin-1\n".encode("latin-1") + PAY.encode()
    (repo / "latin1.py").write_bytes(latin1)
    _commit(repo)
    result = CliRunner().invoke(
        cli.main, ["scan", str(repo / "latin1.py"), "--fix", "--id-map", str(repo / "ids.json")]
    )
    assert (repo / "latin1.py").read_bytes() == latin1
    assert "latin1.py:9:15: not UTF-8: rewriting it could change bytes" in result.stderr
    assert "fixed 0 call site(s) in 0 file(s)" in result.stderr


# -- async clients, multi-line values, a rewrite that would not parse ------------------------


def test_an_awaited_python_creation_gets_the_async_client(tmp_path: Path) -> None:
    code = tmp_path / "t.py"
    code.write_text(
        "import stripe\n\n\n"
        "async def pay(order):\n"
        "    session = await stripe.checkout.Session.create_async(\n"
        "        mode='payment',\n"
        "        line_items=[{'price': order.price_id, 'quantity': 1}],\n"
        "        success_url='https://x.example/ok',\n"
        "    )\n"
        "    return session.url\n"
    )
    (fix,) = plan_fixes(list(scan_paths([str(code)])), roots=[str(code)], unsafe=True)
    assert "from dodopayments import AsyncDodoPayments" in fix.after
    assert "await dodo_async_client().checkout_sessions.create(" in fix.after
    assert "return session.checkout_url" in fix.after
    assert "stripe.checkout" not in fix.after
    ast.parse(fix.after)


def test_a_value_spanning_lines_keeps_its_line_breaks(tmp_path: Path) -> None:
    # a template literal's line break is part of the value: folding it would change the URL
    code = tmp_path / "t.js"
    code.write_text(
        'const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);\n\n'
        "async function pay(origin, order) {\n"
        "  const session = await stripe.checkout.sessions.create({\n"
        '    mode: "payment",\n'
        "    line_items: [{ price: order.priceId, quantity: 1 }],\n"
        "    success_url: `${origin}/orders/${order.id}\n"
        "      /done`,\n"
        "  });\n"
        "  return session.url;\n"
        "}\n"
    )
    (fix,) = plan_fixes(list(scan_paths([str(code)])), roots=[str(code)], unsafe=True)
    assert "return_url: `${origin}/orders/${order.id}\n      /done`," in fix.after
    assert "return session.checkout_url;" in fix.after


def test_a_rewrite_that_would_not_parse_is_not_written(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.scan import fix as fix_module

    real = fix_module.apply_edits

    def broken(*args: Any, **kwargs: Any) -> str:
        return real(*args, **kwargs) + "\ndef (:\n"  # what a bad splice would leave

    monkeypatch.setattr(fix_module, "apply_edits", broken)
    sites = list(scan_paths([str(repo / "pay.py")], options=Options(ids=IdMap.from_json(IDS))))
    (fix,) = plan_fixes(sites, roots=[str(repo)])
    assert fix.after == "" and fix.fixed == ()
    assert any("would not parse" in why for _, why in fix.skipped)
    write_fixes([fix])
    assert (repo / "pay.py").read_text() == PAY  # the file is left as it was


def test_an_ids_module_of_another_language_is_a_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(
        cli.main, ["scan", str(repo), "--fix", "--ids-module", str(repo / "ids.txt")]
    )
    assert result.exit_code == 2
    assert "--ids-module" in result.output and "ids.txt" in result.output
    assert "Traceback" not in result.output
    assert (repo / "pay.py").read_text() == PAY  # nothing written


def test_a_raw_http_request_is_left_with_its_own_reason(tmp_path: Path) -> None:
    code = tmp_path / "raw.py"
    code.write_text(
        "import os\n\nimport httpx\n\n"
        "def pay():\n"
        "    r = httpx.post(\n"
        "        'https://api.stripe.com/v1/checkout/sessions',\n"
        "        data={'mode': 'payment', 'line_items[0][price]': 'price_1Tee',\n"
        "              'line_items[0][quantity]': '1', 'success_url': 'https://x.example/ok'},\n"
        "        auth=(os.environ['STRIPE_SECRET_KEY'], ''),\n"
        "    )\n"
        "    return r.json()['url']\n"
    )
    sites = [s for s in scan_paths([str(code)]) if s.kind == "create"]
    assert len(sites) == 1
    (fix,) = plan_fixes(sites, unsafe=True)
    assert fix.fixed == ()
    ((_, why),) = fix.skipped
    assert why.startswith("a raw HTTP request to the Stripe API is not rewritten"), why


WRAPPED = """import stripe


def start_checkout(user, price_id):
    return stripe.checkout.Session.create(
        mode="subscription",
        customer_email=user.email,
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://app.example.com/ok",
    )


def upgrade_view(request):
    return start_checkout(request.user, "price_Pro")
"""


def test_a_call_to_a_wrapper_is_left_with_the_wrapper_reason(tmp_path: Path) -> None:
    # a plain .py call of a wrapper in the same file is not code embedded in another file:
    # the refusal says the wrapper is what to migrate (docs/scan.md)
    code = tmp_path / "billing.py"
    code.write_text(WRAPPED)
    result = CliRunner().invoke(cli.main, ["scan", str(code), "--diff", "--unsafe-fixes"])
    refusals = [line for line in result.stderr.splitlines() if "not fixed" in line]
    assert refusals == [
        f"stripe2dodo: not fixed: {code}:14:12: a call to the wrapper start_checkout at "
        f"{code}:5 is not rewritten: migrate the wrapper (its own site)"
    ]


def test_a_bug_while_rewriting_one_file_leaves_it_as_it_is_and_fixes_the_others(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.scan import fix

    real = fix.call_edit

    def buggy(site: Any, *args: Any, **kwargs: Any) -> Any:
        if site.file.endswith(".js"):
            raise KeyError("span")
        return real(site, *args, **kwargs)

    monkeypatch.setattr(fix, "call_edit", buggy)
    js_before = (repo / "pay.js").read_text()
    ids = str(repo / "ids.json")
    result = CliRunner().invoke(cli.main, ["scan", str(repo), "--fix", "--id-map", ids])
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert (repo / "pay.js").read_text() == js_before
    assert "DodoPayments" in (repo / "pay.py").read_text()
    (line,) = [t for t in result.stderr.splitlines() if t.startswith("stripe2dodo: error:")]
    assert line.endswith(
        "pay.js: internal error while rewriting this file (KeyError: 'span'): left as it is; "
        "rerun with --traceback and report it"
    )
