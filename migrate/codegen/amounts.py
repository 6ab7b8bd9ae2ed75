"""The one conversion every generated module holds beside its look-ups: an amount the code
computes as a decimal number of minor units (Stripe's ``unit_amount_decimal``, ``price * 100M``)
as the whole number of minor units a Dodo cart line's ``amount`` takes. It fails loudly (an
exception, a panic, status 1) on a fraction of a minor unit or on what is not a number, never
rounding: Stripe rounds a decimal unit amount only on the line's total, so a rounded unit would
charge another amount. The scan's suggestions call it (op ``whole_amount``, RT037).

Each function here returns the lines to add, indented for where its module puts them."""

from __future__ import annotations

from typing import Final

WHY: Final = "is not a whole number of minor units (Dodo charges whole minor units)"
"""The end of each language's error message (after ``stripe2dodo: the amount <value>``)."""

NAMES: Final = {
    "python": "dodo_whole_amount",
    "node": "dodoWholeAmount",
    "ruby": "DodoIds.whole_amount",
    "php": "\\DodoIds::wholeAmount",
    "go": "dodoids.WholeAmount",
    "java": "DodoIds.wholeAmount",
    "kotlin": "DodoIds.wholeAmount",
    "csharp": "DodoIds.WholeAmount",
    "shell": "dodo_whole_amount",
}
"""The conversion as a suggestion calls it, per family."""


def python() -> list[str]:
    return [
        "",
        "",
        "def dodo_whole_amount(value: object) -> int:",
        '    """A decimal amount in minor units as the whole number Dodo takes; raises ValueError',
        '    on a fraction of a minor unit (never rounds)."""',
        "    try:",
        "        exact = Decimal(str(value))",
        "    except InvalidOperation:",
        "        exact = Decimal('NaN')",
        "    if not exact.is_finite() or exact != exact.to_integral_value():",
        f'        raise ValueError(f"stripe2dodo: the amount {{value!r}} {WHY}")',
        "    return int(exact)",
    ]


def node(ts: bool, export: str) -> list[str]:
    typed = ": number | string | bigint): number" if ts else ")"
    return [
        "",
        "/** A decimal amount in minor units as the whole number Dodo takes; throws on a",
        " * fraction of a minor unit (never rounds). */",
        f"{export}function dodoWholeAmount(value{typed} {{",
        "  const amount = Number(value);",
        "  if (!Number.isSafeInteger(amount)) {",
        f'    throw new RangeError("stripe2dodo: the amount " + String(value) + " {WHY}");',
        "  }",
        "  return amount;",
        "}",
    ]


def ruby() -> list[str]:
    return [
        "",
        "  # A decimal amount in minor units as the whole number Dodo takes; raises ArgumentError",
        "  # on a fraction of a minor unit (never rounds).",
        "  def self.whole_amount(value)",
        "    exact = begin",
        "      Rational(value.to_s)",
        "    rescue ArgumentError, ZeroDivisionError",
        "      nil",
        "    end",
        "    return exact.to_i if exact && exact.denominator == 1",
        "",
        f'    raise ArgumentError, "stripe2dodo: the amount #{{value.inspect}} {WHY}"',
        "  end",
    ]


def php() -> list[str]:
    return [
        "",
        "    /**",
        "     * A decimal amount in minor units as the whole number Dodo takes; throws on a",
        "     * fraction of a minor unit (never rounds). No union type: PHP 7 parses this too.",
        "     *",
        "     * @param int|float|string $value",
        "     */",
        "    public static function wholeAmount($value): int",
        "    {",
        "        if (is_int($value)) {",
        "            return $value;",
        "        }",
        "        if (!is_numeric($value) || fmod((float) $value, 1.0) !== 0.0",
        "            || abs((float) $value) > 9007199254740991) {",
        "            throw new \\UnexpectedValueException(",
        f"                'stripe2dodo: the amount ' . var_export($value, true) . ' {WHY}'",
        "            );",
        "        }",
        "        return (int) $value;",
        "    }",
    ]


def go() -> list[str]:
    return [
        "",
        "// WholeAmount is a decimal amount in minor units as the whole number Dodo takes; it",
        "// panics on a fraction of a minor unit (it never rounds).",
        "func WholeAmount(value float64) int64 {",
        "\tif value != math.Trunc(value) || math.Abs(value) > 1<<53 {",
        f'\t\tpanic(fmt.Sprintf("stripe2dodo: the amount %v {WHY}", value))',
        "\t}",
        "\treturn int64(value)",
        "}",
    ]


def java() -> list[str]:
    return [
        "",
        "    /** A decimal amount in minor units as the whole number Dodo takes; throws on a",
        "     * fraction of a minor unit (never rounds). */",
        "    public static long wholeAmount(Object value) {",
        "        try {",
        "            return new java.math.BigDecimal(String.valueOf(value)).longValueExact();",
        "        } catch (ArithmeticException | NumberFormatException e) {",
        "            throw new IllegalArgumentException(",
        f'                "stripe2dodo: the amount " + value + " {WHY}", e);',
        "        }",
        "    }",
    ]


def kotlin() -> list[str]:
    return [
        "",
        "    /** A decimal amount in minor units as the whole number Dodo takes; throws on a",
        "     * fraction of a minor unit (never rounds). */",
        "    @JvmStatic",
        "    fun wholeAmount(value: Any?): Long =",
        "        try {",
        "            java.math.BigDecimal(value.toString()).longValueExact()",
        "        } catch (e: ArithmeticException) {",
        f'            throw IllegalArgumentException("stripe2dodo: the amount $value {WHY}", e)',
        "        } catch (e: NumberFormatException) {",
        f'            throw IllegalArgumentException("stripe2dodo: the amount $value {WHY}", e)',
        "        }",
    ]


def csharp() -> list[str]:
    return [
        "",
        "        /// <summary>A decimal amount in minor units as the whole number Dodo takes;",
        "        /// throws on a fraction of a minor unit (never rounds).</summary>",
        "        public static long WholeAmount(decimal value)",
        "        {",
        "            if (value % 1 != 0)",
        "            {",
        "                throw new System.ArgumentException(",
        '                    "stripe2dodo: the amount " + value.ToString('
        "System.Globalization.CultureInfo.InvariantCulture)",
        f'                    + " {WHY}");',
        "            }",
        "            return decimal.ToInt64(value);",
        "        }",
        "",
        "        /// <summary>As WholeAmount(decimal), for a binary number.</summary>",
        "        public static long WholeAmount(double value)",
        "        {",
        "            return WholeAmount((decimal)value);",
        "        }",
    ]


def shell() -> list[str]:
    return [
        "",
        "# A decimal amount in minor units as the whole number Dodo takes; on a fraction of a",
        "# minor unit (it never rounds), the error on stderr and status 1.",
        "dodo_whole_amount() {",
        '  case "$1" in',
        "    ''|-|.|*[!0-9.-]*|*.*.*|?*-*) ;;",
        '    *.*) case "${1#*.}" in *[!0]*) ;; *) printf \'%s\\n\' "${1%%.*}"; return 0 ;; esac ;;',
        "    *) printf '%s\\n' \"$1\"; return 0 ;;",
        "  esac",
        f"  printf 'stripe2dodo: the amount %s {WHY}\\n' \"$1\" >&2",
        "  return 1",
        "}",
    ]
