using System.Globalization;
using System.Text.Json.Nodes;

namespace CriMesh.Ctl.Input;

/// <summary>
/// The YAML that crictl-style config files use, turned into JSON: block mappings and sequences by
/// indentation, "- " items (also holding mappings), plain / 'single' / "double" quoted scalars, the empty
/// flow collections {} and [], one-line flow sequences [a, b], and # comments. Anchors, tags, multi-line
/// scalars and multiple documents are not YAML this tool reads; they fail with the line number.
/// A small parser of our own rather than a package: the well-kept .NET YAML libraries bind through
/// reflection, which NativeAOT rules out.
/// </summary>
internal sealed class YamlSubset
{
    private readonly List<(int Indent, string Text, int Number)> _lines = [];
    private int _pos;

    private YamlSubset(string text)
    {
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0 || line.Trim() is "---")
            {
                continue;
            }
            if (line.Contains('\t', StringComparison.Ordinal) && line.TrimStart(' ').StartsWith('\t'))
            {
                throw new FormatException($"line {number}: tabs are not allowed for indentation");
            }
            _lines.Add((line.Length - line.TrimStart(' ').Length, line.Trim(), number));
        }
    }

    public static JsonNode? Parse(string text)
    {
        var parser = new YamlSubset(text);
        if (parser._lines.Count == 0)
        {
            return new JsonObject();
        }
        var node = parser.ParseBlock(parser._lines[0].Indent);
        if (parser._pos < parser._lines.Count)
        {
            throw new FormatException($"line {parser._lines[parser._pos].Number}: unexpected indentation");
        }
        return node;
    }

    private JsonNode? ParseBlock(int indent) =>
        _lines[_pos].Text.StartsWith("- ", StringComparison.Ordinal) || _lines[_pos].Text == "-" ? ParseSequence(indent) : ParseMapping(indent);

    private JsonObject ParseMapping(int indent)
    {
        var map = new JsonObject();
        while (_pos < _lines.Count && _lines[_pos].Indent == indent && !_lines[_pos].Text.StartsWith('-'))
        {
            var (_, text, number) = _lines[_pos];
            var (key, rest) = SplitKey(text, number);
            _pos++;
            if (map.ContainsKey(key))
            {
                throw new FormatException($"line {number}: duplicate key \"{key}\"");
            }
            map[key] = rest.Length > 0 ? Scalar(rest, number) : NestedOrNull(indent);
        }
        return map;
    }

    private JsonArray ParseSequence(int indent)
    {
        var list = new JsonArray();
        while (_pos < _lines.Count && _lines[_pos].Indent == indent && (_lines[_pos].Text.StartsWith("- ", StringComparison.Ordinal) || _lines[_pos].Text == "-"))
        {
            var (_, text, number) = _lines[_pos];
            var item = text.Length > 1 ? text[2..].TrimStart() : "";
            if (item.Length == 0)
            {
                _pos++;
                list.Add(NestedOrNull(indent));
            }
            else if (LooksLikeKey(item))
            {
                // "- key: value" opens a mapping whose further keys sit at the item's column.
                _lines[_pos] = (indent + (text.Length - item.Length), item, number);
                list.Add((JsonNode)ParseMapping(_lines[_pos].Indent));
            }
            else
            {
                _pos++;
                list.Add(Scalar(item, number));
            }
        }
        return list;
    }

    private JsonNode? NestedOrNull(int indent) =>
        _pos < _lines.Count && (_lines[_pos].Indent > indent ||
            _lines[_pos].Indent == indent && _lines[_pos].Text.StartsWith('-'))
            ? ParseBlock(_lines[_pos].Indent)
            : null;

    private static bool LooksLikeKey(string text) =>
        text[0] is not ('"' or '\'' or '[' or '{') && (text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':'));

    private static (string Key, string Value) SplitKey(string text, int number)
    {
        string key;
        string rest;
        if (text[0] is '"' or '\'')
        {
            var end = text.IndexOf(text[0], 1);
            if (end < 0 || end + 1 >= text.Length || text[end + 1] != ':')
            {
                throw new FormatException($"line {number}: expected \"key: value\"");
            }
            key = text[1..end];
            rest = text[(end + 2)..].Trim();
            return (key, rest);
        }
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0 && text.EndsWith(':'))
        {
            colon = text.Length - 1;
        }
        if (colon <= 0)
        {
            throw new FormatException($"line {number}: expected \"key: value\", got \"{text}\"");
        }
        key = text[..colon].Trim();
        rest = text[(colon + 1)..].Trim();
        return (key, rest);
    }

    private static JsonNode? Scalar(string text, int number)
    {
        switch (text)
        {
            case "{}":
                return new JsonObject();
            case "[]":
                return new JsonArray();
            case "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (text[0] == '[' && text[^1] == ']')
        {
            var array = new JsonArray();
            foreach (var part in text[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                array.Add(Scalar(part, number));
            }
            return array;
        }
        if (text[0] is '{' or '&' or '*' or '!' or '|' or '>')
        {
            throw new FormatException($"line {number}: \"{text}\" uses YAML this tool does not read (flow mappings, anchors, tags, block scalars)");
        }
        if (text[0] is '"' or '\'')
        {
            return JsonValue.Create(Unquote(text, number));
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Any(char.IsDigit)
            ? JsonValue.Create(d)
            : JsonValue.Create(text);
    }

    private static string Unquote(string text, int number)
    {
        var quote = text[0];
        if (text.Length < 2 || text[^1] != quote)
        {
            throw new FormatException($"line {number}: unterminated quoted string");
        }
        var body = text[1..^1];
        return quote == '\''
            ? body.Replace("''", "'", StringComparison.Ordinal)
            : body.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal)
                .Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }
        return line;
    }
}
