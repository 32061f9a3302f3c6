using System.Text;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// RFC 4180 records: comma-separated, CRLF-terminated. Every field goes through <see cref="Escape"/>, whatever its
/// column: there is no way to write a field raw, so no publisher value can reach a spreadsheet unneutralised.
/// </summary>
internal sealed class CsvWriter(TextWriter writer)
{
    private static readonly char[] PartSeparators = [';', '\r', '\n'];
    private readonly StringBuilder _line = new();

    public Task WriteRecordAsync(IEnumerable<string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _line.Clear();
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                _line.Append(',');
            }

            first = false;
            Escape(_line, field ?? string.Empty);
        }

        _line.Append("\r\n");
        return writer.WriteAsync(_line.ToString());
    }

    /// <summary>
    /// Formula injection, the OWASP way: a field, or any part of it after a <c>;</c>, CR or LF, that starts with
    /// = + - @ TAB or CR (after blanks and quotes) gets an apostrophe first, so Excel shows <c>=HYPERLINK(…)</c> as
    /// text. The parts matter because French-locale Excel splits a double-clicked .csv on <c>;</c> and line breaks,
    /// heeding quotes only at a cell's start. Then a field holding a comma, <c>;</c>, quote, CR or LF is quoted, quotes doubled.
    /// </summary>
    internal static void Escape(StringBuilder line, string field)
    {
        var neutralised = Neutralise(field);
        if (neutralised.AsSpan().IndexOfAny(",;\"\r\n") < 0)
        {
            line.Append(neutralised);
            return;
        }

        line.Append('"').Append(neutralised.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string Neutralise(string field)
    {
        if (field.Length == 0)
        {
            return field;
        }

        StringBuilder? result = null;
        var start = 0;
        while (start <= field.Length)
        {
            var end = field.IndexOfAny(PartSeparators, start);
            var segment = field.AsSpan(start, (end < 0 ? field.Length : end) - start);
            if (StartsLikeFormula(segment))
            {
                result ??= new StringBuilder(field.Length + 4).Append(field, 0, start);
                result.Append('\'');
            }

            result?.Append(segment);
            if (end < 0)
            {
                break;
            }

            result?.Append(field[end]);
            start = end + 1;
        }

        return result?.ToString() ?? field;
    }

    private static bool StartsLikeFormula(ReadOnlySpan<char> segment)
    {
        foreach (var c in segment)
        {
            if (c is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                return true;
            }

            if (!char.IsWhiteSpace(c) && c != '"')
            {
                return false;
            }
        }

        return false;
    }
}
