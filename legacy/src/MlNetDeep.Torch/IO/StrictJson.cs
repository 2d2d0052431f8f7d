using System.Globalization;
using System.Text;

namespace MlNetDeep.Torch.IO;

/// <summary>
/// A strict RFC 8259 JSON parser for the small documents of a model file (a zip's manifest and
/// component entries, a tensor file's header) into plain objects: objects become
/// <see cref="Dictionary{TKey, TValue}"/> of string to object (a repeated property name is an
/// error), arrays <see cref="List{T}"/> of object, strings <see cref="string"/>, numbers
/// <see cref="Number"/> (their text, converted when a reader asks for a type), true and false
/// <see cref="bool"/>, and null null.
/// </summary>
/// <remarks>
/// It exists for cold starts: it is plain code that ReadyToRun precompiles, where
/// System.Text.Json's reader spends milliseconds compiling vectorized search code on the
/// first load in a process. It accepts exactly the grammar: no comments, trailing commas,
/// byte order mark, unescaped control characters, invalid UTF-8, or lone surrogates.
/// </remarks>
internal static class StrictJson
{
    /// <summary>A JSON number, kept as its text.</summary>
    internal sealed record Number(string Text);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="json"/>, whose containers nest at most <paramref name="maxDepth"/> deep.</summary>
    /// <exception cref="FormatException">Not one JSON value; the message gives the byte offset and what was wrong.</exception>
    internal static object? Parse(ReadOnlySpan<byte> json, int maxDepth)
    {
        int pos = 0;
        SkipSpace(json, ref pos);
        if (pos == json.Length) throw Fail(pos, "the text is empty");
        object? value = Value(json, ref pos, 0, maxDepth);
        SkipSpace(json, ref pos);
        if (pos != json.Length) throw Fail(pos, "text follows the value");
        return value;
    }

    private static object? Value(ReadOnlySpan<byte> json, ref int pos, int depth, int maxDepth)
    {
        if (pos >= json.Length) throw Fail(pos, "the text ends where a value should be");
        switch (json[pos])
        {
            case (byte)'{':
                if (depth + 1 > maxDepth) throw Fail(pos, $"containers nest deeper than {maxDepth}");
                return ObjectValue(json, ref pos, depth + 1, maxDepth);
            case (byte)'[':
                if (depth + 1 > maxDepth) throw Fail(pos, $"containers nest deeper than {maxDepth}");
                return ArrayValue(json, ref pos, depth + 1, maxDepth);
            case (byte)'"':
                return StringValue(json, ref pos);
            case (byte)'t':
                Literal(json, ref pos, "true"u8);
                return true;
            case (byte)'f':
                Literal(json, ref pos, "false"u8);
                return false;
            case (byte)'n':
                Literal(json, ref pos, "null"u8);
                return null;
            default:
                return NumberValue(json, ref pos);
        }
    }

    private static Dictionary<string, object?> ObjectValue(ReadOnlySpan<byte> json, ref int pos, int depth, int maxDepth)
    {
        var obj = new Dictionary<string, object?>(StringComparer.Ordinal);
        pos++;
        SkipSpace(json, ref pos);
        if (pos < json.Length && json[pos] == '}')
        {
            pos++;
            return obj;
        }
        while (true)
        {
            SkipSpace(json, ref pos);
            if (pos >= json.Length || json[pos] != '"') throw Fail(pos, "expected a property name in double quotes");
            int at = pos;
            string name = StringValue(json, ref pos);
            SkipSpace(json, ref pos);
            Expect(json, ref pos, (byte)':', "expected ':' after a property name");
            SkipSpace(json, ref pos);
            if (!obj.TryAdd(name, Value(json, ref pos, depth, maxDepth))) throw Fail(at, $"property '{name}' appears twice");
            SkipSpace(json, ref pos);
            if (pos < json.Length && json[pos] == ',')
            {
                pos++;
                continue;
            }
            Expect(json, ref pos, (byte)'}', "expected ',' or '}' in an object");
            return obj;
        }
    }

    private static List<object?> ArrayValue(ReadOnlySpan<byte> json, ref int pos, int depth, int maxDepth)
    {
        var list = new List<object?>();
        pos++;
        SkipSpace(json, ref pos);
        if (pos < json.Length && json[pos] == ']')
        {
            pos++;
            return list;
        }
        while (true)
        {
            SkipSpace(json, ref pos);
            list.Add(Value(json, ref pos, depth, maxDepth));
            SkipSpace(json, ref pos);
            if (pos < json.Length && json[pos] == ',')
            {
                pos++;
                continue;
            }
            Expect(json, ref pos, (byte)']', "expected ',' or ']' in an array");
            return list;
        }
    }

    private static string StringValue(ReadOnlySpan<byte> json, ref int pos)
    {
        int start = ++pos;
        // Fast path: no escapes, so the bytes between the quotes are the string's UTF-8.
        while (pos < json.Length && json[pos] != '"' && json[pos] != '\\')
        {
            if (json[pos] < 0x20) throw Fail(pos, "a control character must be escaped in a string");
            pos++;
        }
        if (pos >= json.Length) throw Fail(start - 1, "the string is not closed");
        if (json[pos] == '"')
        {
            string plain = Decode(json[start..pos], start);
            pos++;
            return plain;
        }
        var sb = new StringBuilder(Decode(json[start..pos], start));
        while (true)
        {
            if (pos >= json.Length) throw Fail(start - 1, "the string is not closed");
            byte b = json[pos];
            if (b == '"')
            {
                pos++;
                return sb.ToString();
            }
            if (b == '\\')
            {
                Escape(json, ref pos, sb);
                continue;
            }
            int run = pos;
            while (pos < json.Length && json[pos] != '"' && json[pos] != '\\')
            {
                if (json[pos] < 0x20) throw Fail(pos, "a control character must be escaped in a string");
                pos++;
            }
            sb.Append(Decode(json[run..pos], run));
        }
    }

    /// <summary>Appends the escape at <paramref name="pos"/> (a backslash) and moves past it.</summary>
    private static void Escape(ReadOnlySpan<byte> json, ref int pos, StringBuilder sb)
    {
        int at = pos++;
        if (pos >= json.Length) throw Fail(at, "the string ends inside an escape");
        byte c = json[pos++];
        switch (c)
        {
            case (byte)'"': sb.Append('"'); return;
            case (byte)'\\': sb.Append('\\'); return;
            case (byte)'/': sb.Append('/'); return;
            case (byte)'b': sb.Append('\b'); return;
            case (byte)'f': sb.Append('\f'); return;
            case (byte)'n': sb.Append('\n'); return;
            case (byte)'r': sb.Append('\r'); return;
            case (byte)'t': sb.Append('\t'); return;
            case (byte)'u':
                char u = Hex4(json, ref pos, at);
                if (char.IsHighSurrogate(u))
                {
                    if (pos + 1 < json.Length && json[pos] == '\\' && json[pos + 1] == 'u')
                    {
                        pos += 2;
                        char low = Hex4(json, ref pos, at);
                        if (!char.IsLowSurrogate(low)) throw Fail(at, "a \\u escape holds a lone surrogate, text that cannot be decoded");
                        sb.Append(u).Append(low);
                        return;
                    }
                    throw Fail(at, "a \\u escape holds a lone surrogate, text that cannot be decoded");
                }
                if (char.IsLowSurrogate(u)) throw Fail(at, "a \\u escape holds a lone surrogate, text that cannot be decoded");
                sb.Append(u);
                return;
            default:
                throw Fail(at, "an invalid escape in a string");
        }
    }

    private static char Hex4(ReadOnlySpan<byte> json, ref int pos, int at)
    {
        if (pos + 4 > json.Length) throw Fail(at, "a \\u escape needs four hex digits");
        int v = 0;
        for (int i = 0; i < 4; i++)
        {
            byte h = json[pos++];
            int d = h switch
            {
                >= (byte)'0' and <= (byte)'9' => h - '0',
                >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => h - 'A' + 10,
                _ => throw Fail(at, "a \\u escape needs four hex digits"),
            };
            v = v << 4 | d;
        }
        return (char)v;
    }

    private static string Decode(ReadOnlySpan<byte> utf8, int at)
    {
        try
        {
            return Utf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(at, "a string is not valid UTF-8");
        }
    }

    private static Number NumberValue(ReadOnlySpan<byte> json, ref int pos)
    {
        int start = pos;
        if (json[pos] == '-') pos++;
        if (pos >= json.Length || !IsDigit(json[pos])) throw Fail(start, "expected a value");
        if (json[pos] == '0') pos++;
        else Digits(json, ref pos);
        if (pos < json.Length && json[pos] == '.')
        {
            pos++;
            if (pos >= json.Length || !IsDigit(json[pos])) throw Fail(pos, "a number needs digits after its decimal point");
            Digits(json, ref pos);
        }
        if (pos < json.Length && (json[pos] == 'e' || json[pos] == 'E'))
        {
            pos++;
            if (pos < json.Length && (json[pos] == '+' || json[pos] == '-')) pos++;
            if (pos >= json.Length || !IsDigit(json[pos])) throw Fail(pos, "a number needs digits in its exponent");
            Digits(json, ref pos);
        }
        // The grammar allows only ASCII here, so the bytes are the text.
        return new Number(Encoding.ASCII.GetString(json[start..pos]));
    }

    private static void Digits(ReadOnlySpan<byte> json, ref int pos)
    {
        while (pos < json.Length && IsDigit(json[pos])) pos++;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static void Literal(ReadOnlySpan<byte> json, ref int pos, ReadOnlySpan<byte> word)
    {
        if (!json[pos..].StartsWith(word)) throw Fail(pos, "expected a value");
        pos += word.Length;
    }

    private static void Expect(ReadOnlySpan<byte> json, ref int pos, byte c, string rule)
    {
        if (pos >= json.Length || json[pos] != c) throw Fail(pos, rule);
        pos++;
    }

    private static void SkipSpace(ReadOnlySpan<byte> json, ref int pos)
    {
        while (pos < json.Length && json[pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') pos++;
    }

    private static FormatException Fail(int at, string rule) => new(string.Create(CultureInfo.InvariantCulture, $"{rule} (byte {at})"));
}
