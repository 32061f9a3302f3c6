namespace Sas.Interop.Core.Canonical;

/// <summary>Reason codes for <see cref="IngestionIssue"/>, grouped in feed-quality reports.</summary>
public static class IngestionIssueReasons
{
    public const string MissingElement = "missing-element";
    public const string BadIdentifier = "bad-identifier";
    public const string BadCode = "bad-code";
    public const string BrokenReference = "broken-reference";
    public const string OutOfScope = "out-of-scope";
    public const string OutOfWindow = "out-of-window";
    public const string InvalidValue = "invalid-value";
    public const string Duplicate = "duplicate";
    public const string Unsupported = "unsupported-resource";
    public const string NotGeocoded = "not-geocoded";

    /// <summary>An agenda of a structure (e.g. a SMART Schedule naming only a Location): no practitioner to serve it under yet.</summary>
    public const string StructureAgenda = "structure-agenda";

    /// <summary>A <c>Location.position</c> outside WGS 84 (latitude −90..90, longitude −180..180, finite, not 0,0).</summary>
    public const string InvalidPosition = "invalid-position";

    /// <summary>An address postal code that is not French (five digits, prefix 01–95, 971–978, 980/984/986/987/988); dropped, the place kept (refused when pushed).</summary>
    public const string InvalidPostalCode = "invalid-postal-code";

    /// <summary>A Slot starting or ending outside the plausible window around now (see SlotTimeWindow): rejected, pulled or pushed.</summary>
    public const string ImplausibleTime = "implausible-time";

    /// <summary>A value the FHIR parser could not hold (a number beyond range, a wrong JSON type, a bad code or date).</summary>
    public const string UnreadableValue = "unreadable-value";

    /// <summary>A home-visit perimeter (hub extension on the PractitionerRole) that is not a distance of 0–100 km in km or m: dropped, the place kept (refused when pushed).</summary>
    public const string InvalidHomeVisitPerimeter = "invalid-home-visit-perimeter";
}
