using System.Net.Mail;
using Microsoft.VisualBasic.FileIO;
using Sas.Interop.Core.Identifiers;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Host.Admin;

/// <summary>
/// Reads a roster upload line by line: <c>national id[,label[,e-mail]]</c>, separated by <c>,</c> or <c>;</c> (the
/// first line decides, as French spreadsheets write <c>;</c>), fields optionally quoted, an optional header line.
/// Each line is accepted or rejected on its own, with why; a bad line never fails the upload.
/// </summary>
internal static class RosterCsvReader
{
    public const string InvalidIdentifier = "invalid-identifier";
    public const string CheckDigit = "check-digit";
    public const string Duplicate = "duplicate";
    public const string InvalidEmail = "invalid-email";
    public const string LabelTooLong = "label-too-long";
    public const string TooManyColumns = "too-many-columns";
    public const string Malformed = "malformed-line";
    public const string Unsupported = "unsupported-by-connector";

    /// <summary>The lines accepted (one entry per national id, first line wins) and those rejected.</summary>
    public static (List<RosterEntry> Accepted, List<RosterLineRejection> Rejected) Read(
        string text, SyncScopeKind kind, Func<string, string?> connectorProblem, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(text);
        var accepted = new List<RosterEntry>();
        var rejected = new List<RosterLineRejection>();
        var firstLines = new Dictionary<string, long>(StringComparer.Ordinal);
        using var parser = new TextFieldParser(new StringReader(text.TrimStart('\uFEFF')))
        {
            TextFieldType = FieldType.Delimited,
            HasFieldsEnclosedInQuotes = true,
            TrimWhiteSpace = true,
        };
        parser.SetDelimiters(DelimiterOf(text));
        var first = true;
        while (!parser.EndOfData)
        {
            var line = parser.LineNumber;
            string[]? fields;
            try
            {
                fields = parser.ReadFields();
            }
            catch (MalformedLineException ex)
            {
                rejected.Add(new RosterLineRejection(ex.LineNumber, Truncate(parser.ErrorLine), Malformed, "The line's quotes do not close."));
                first = false;
                continue;
            }

            if (fields is null || fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            // A header names its columns: its first field has no digit, where every national id has.
            var value = fields[0];
            if (first && !value.Any(char.IsAsciiDigit))
            {
                first = false;
                continue;
            }

            first = false;
            if (Check(fields, kind, connectorProblem) is { } problem)
            {
                rejected.Add(new RosterLineRejection(line, Truncate(value), problem.Reason, problem.Detail));
                continue;
            }

            var id = Normalize(value, kind)!;
            if (firstLines.TryGetValue(id, out var earlier))
            {
                rejected.Add(new RosterLineRejection(line, Truncate(value), Duplicate, $"{id} is already on line {earlier}."));
                continue;
            }

            firstLines[id] = line;
            accepted.Add(new RosterEntry(id, RosterKeyKinds.Of(id, kind), Optional(fields, 1), Optional(fields, 2), RosterEntry.UploadOrigin, now));
        }

        return (accepted, rejected);
    }

    private static (string Reason, string Detail)? Check(string[] fields, SyncScopeKind kind, Func<string, string?> connectorProblem)
    {
        if (fields.Length > 3)
        {
            return (TooManyColumns, "Expected at most 3 columns: national id, label, e-mail.");
        }

        var id = Normalize(fields[0], kind);
        if (id is null)
        {
            return (InvalidIdentifier, kind == SyncScopeKind.Organization
                ? "Expected a SIRET (14 digits, or 15 with the '3' prefix) or a FINESS (9 characters, or 10 with the '1' prefix)."
                : "Expected an RPPS (11 digits, or 12 with the '8' prefix) or an ADELI (9 digits, or 10 with the '0' prefix).");
        }

        if (!CheckDigitHolds(id, kind))
        {
            return (CheckDigit, kind == SyncScopeKind.Organization ? "The SIRET's check digit (Luhn) is wrong: a typo?" : "The RPPS's check digit (Luhn) is wrong: a typo?");
        }

        if (Optional(fields, 1) is { Length: > RosterEntry.MaxLabelLength })
        {
            return (LabelTooLong, $"The label is longer than {RosterEntry.MaxLabelLength} characters.");
        }

        if (Optional(fields, 2) is { } email && (email.Length > RosterEntry.MaxEmailLength || !MailAddress.TryCreate(email, out var address) || address.Address != email))
        {
            return (InvalidEmail, "The e-mail is not a single address such as name@example.fr.");
        }

        return connectorProblem(id) is { } unsupported ? (Unsupported, unsupported) : null;
    }

    /// <summary>The prefixed id; null when the value is not an RPPS or ADELI (or a SIRET or FINESS for a structure roster).</summary>
    private static string? Normalize(string value, SyncScopeKind kind)
    {
        if (kind == SyncScopeKind.Organization)
        {
            return NationalIdentifiers.TryNormalizeFinessOrSiret(value, out var structure, out _) ? structure : null;
        }

        // Establishment staff ids stay a configuration matter: an upload is of RPPS or ADELI.
        return NationalIdentifiers.TryNormalizePractitioner(value, out var id, out _) && id.All(char.IsAsciiDigit) ? id : null;
    }

    /// <summary>
    /// RPPS and SIRET end with a Luhn key (La Poste's establishments, SIREN 356000000, instead have digits summing to a
    /// multiple of 5). ADELI numbers have no public check key, so they are taken as they are; nor are FINESS (Corsica's
    /// carry letters), which the publisher's answer confirms or not (identity vigilance lists a key never returned).
    /// </summary>
    private static bool CheckDigitHolds(string id, SyncScopeKind kind)
    {
        if (kind == SyncScopeKind.Organization && id[0] == '1')
        {
            return true;
        }

        var digits = id[1..];
        if (kind == SyncScopeKind.Organization && digits.StartsWith("356000000", StringComparison.Ordinal))
        {
            return digits.Sum(c => c - '0') % 5 == 0;
        }

        return id[0] == '0' || CheckDigits.Luhn(digits[..^1]) == digits[^1];
    }

    private static string? Optional(string[] fields, int index) =>
        fields.Length > index && !string.IsNullOrWhiteSpace(fields[index]) ? fields[index].Trim() : null;

    private static string DelimiterOf(string text)
    {
        var firstLine = text.TrimStart('\uFEFF').Split('\n').FirstOrDefault(l => l.Trim().Length > 0) ?? string.Empty;
        return firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ";" : ",";
    }

    // A report echoes what it refused, not a whole garbage line.
    private static string Truncate(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
