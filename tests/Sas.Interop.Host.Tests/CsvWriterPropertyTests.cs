using System.Text;
using CsCheck;
using Sas.Interop.Host.Admin;

namespace Sas.Interop.Host.Tests;

/// <summary>
/// The export's one CSV writer, for arbitrary fields: the record reads back with as many fields, each the value or
/// the value neutralised, and no cell starts like a formula, neither for an RFC 4180 reader nor for French-locale
/// Excel, which splits a double-clicked .csv on ';' and line breaks, heeding quotes only at a cell's start.
/// </summary>
public sealed class CsvWriterPropertyTests
{
    private static readonly char[] CellSeparators = [';', '\r', '\n'];

    // Formula starters, separators, quotes, blanks and ordinary letters, so that the interesting cases are frequent.
    private static readonly Gen<string> Field = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["=+-@\t\r\n;,\"' a1"], 0, 12]);

    [Test]
    public void Any_record_reads_back_field_for_field_and_no_cell_starts_like_a_formula()
    {
        Field.Array[1, 6].Sample(fields =>
        {
            var line = Write(fields);
            var read = Rfc4180.Parse(line).Single();

            // Plain exceptions, not NUnit asserts: NUnit would also record every failing sample tried while shrinking.
            if (read.Length != fields.Length)
            {
                throw new InvalidOperationException($"{fields.Length} fields written, {read.Length} read back from {line}");
            }

            for (var i = 0; i < fields.Length; i++)
            {
                if (read[i] != fields[i] && (!IsDangerous(fields[i]) || read[i].Replace("'", string.Empty, StringComparison.Ordinal) != fields[i].Replace("'", string.Empty, StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"field {i} '{fields[i]}' read back as '{read[i]}'");
                }

                if (IsDangerous(read[i]))
                {
                    throw new InvalidOperationException($"field {i} '{fields[i]}' reads back as a formula: '{read[i]}'");
                }
            }

            // French-locale Excel: cells are what lies between ';' and line breaks (quotes are only special at a cell's start).
            foreach (var cell in line.Split(CellSeparators))
            {
                if (StartsLikeFormula(cell))
                {
                    throw new InvalidOperationException($"a ';' cell starts like a formula: '{cell}' in {line}");
                }
            }
        });
    }

    [TestCase("=HYPERLINK(\"http://evil\",\"pc\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"pc\"\")\"")]
    [TestCase("+33-1+1", "'+33-1+1")]
    [TestCase("-2+3", "'-2+3")]
    [TestCase("@SUM(1)", "'@SUM(1)")]
    [TestCase("\tx", "'\tx")]
    [TestCase("  =1+1", "'  =1+1")]
    [TestCase("Agen;=1+1;", "\"Agen;'=1+1;\"")]
    [TestCase("Agen", "Agen")]
    [TestCase("Saint-Denis", "Saint-Denis")]
    [TestCase("", "")]
    public void Known_payloads_are_neutralised_and_quoted(string field, string written) =>
        Assert.That(Write([field]), Is.EqualTo(written + "\r\n"));

    private static string Write(string[] fields)
    {
        using var text = new StringWriter(new StringBuilder());
        new CsvWriter(text).WriteRecordAsync(fields).GetAwaiter().GetResult();
        return text.ToString();
    }

    // Any part of the value (between ';' and line breaks) that, once blanks and quotes are skipped, opens with a formula character.
    private static bool IsDangerous(string value) => value.Split(CellSeparators).Any(StartsLikeFormula);

    private static bool StartsLikeFormula(string cell)
    {
        foreach (var c in cell)
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
