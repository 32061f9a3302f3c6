using System.Text;

namespace Sas.Interop.Host.Admin;

/// <summary>RFC 4180 records: comma-separated, CRLF-terminated, fields with a comma, quote, CR or LF quoted and quotes doubled.</summary>
internal sealed class CsvWriter(TextWriter writer)
{
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
            AppendField(_line, field ?? string.Empty);
        }

        _line.Append("\r\n");
        return writer.WriteAsync(_line.ToString());
    }

    /// <summary>
    /// Publisher free text (names, addresses, motives) that starts like a formula is prefixed with an apostrophe:
    /// Excel would otherwise evaluate <c>=HYPERLINK(…)</c> from an agenda in the operator's spreadsheet.
    /// </summary>
    public static string Text(string? value) =>
        string.IsNullOrEmpty(value) || value[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r') ? value ?? string.Empty : "'" + value;

    private static void AppendField(StringBuilder line, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(field);
            return;
        }

        line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
