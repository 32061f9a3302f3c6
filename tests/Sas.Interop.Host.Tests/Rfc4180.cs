using System.Text;

namespace Sas.Interop.Host.Tests;

/// <summary>A strict RFC 4180 reader for asserting on exports: quoted fields, doubled quotes, CRLF records.</summary>
internal static class Rfc4180
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                Assert.That(c, Is.Not.EqualTo('"').And.Not.EqualTo('\n').And.Not.EqualTo('\r'), $"unquoted special character at {i}");
                field.Append(c);
            }
        }

        Assert.That(quoted, Is.False, "unterminated quoted field");
        Assert.That(field.Length + fields.Count, Is.Zero, "the last record ends with CRLF");
        return records;
    }
}
