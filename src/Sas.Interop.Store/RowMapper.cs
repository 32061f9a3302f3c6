using System.Text.Json;
using Sas.Interop.Core.Canonical;
using Sas.Interop.Core.Geography;
using Sas.Interop.Store.Entities;

namespace Sas.Interop.Store;

/// <summary>Canonical records ⇄ rows. Lists and small value objects are stored as JSON text columns.</summary>
internal static class RowMapper
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T FromJson<T>(string? json, T fallback) =>
        string.IsNullOrEmpty(json) ? fallback : JsonSerializer.Deserialize<T>(json, Json) ?? fallback;

    /// <summary>
    /// What a specialties JSON column (<see cref="CanonicalCode"/> lists, written by <see cref="ToJson{T}"/>) contains
    /// exactly when it holds a code matching <paramref name="token"/>: the serializer writes the properties in
    /// declaration order (system, code, display…) and escapes every quote inside a value, so the fragment cannot
    /// match inside a display or a text, and a text-only entry (<c>"code":null</c>) never matches.
    /// </summary>
    public static string SpecialtyFragment(Core.Storage.SpecialtyToken token)
    {
        var code = "\"code\":" + ToJson(token.Code) + ",";
        return token.System is null ? code : "\"system\":" + ToJson(token.System) + "," + code;
    }

    /// <summary>
    /// The substrings of <see cref="Entities.PractitionerRow.LanguagesJson"/> that match a searched language (RFC 4647
    /// basic filtering: <c>en</c> matches <c>en</c> and <c>en-GB</c>, <c>en-GB</c> only itself).
    /// </summary>
    public static string[] LanguageFragments(string tag) => [ToJson(tag), ToJson(tag)[..^1] + "-"];

    public static DateTime Utc(DateTimeOffset value) => value.UtcDateTime;

    public static DateTime? Utc(DateTimeOffset? value) => value?.UtcDateTime;

    public static DateTimeOffset Offset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateTimeOffset? Offset(DateTime? utc) => utc is null ? null : Offset(utc.Value);

    public static void Apply(PractitionerRow row, CanonicalPractitioner p)
    {
        row.NationalId = p.NationalId;
        row.Family = p.Family;
        row.GivenJson = ToJson(p.Given);
        row.TelecomsJson = ToJson(p.Telecoms);
        row.LanguagesJson = ToJson(p.Languages);
        row.SourceLastUpdatedUtc = Utc(p.SourceLastUpdated);
        row.FetchedAtUtc = Utc(p.FetchedAt);
    }

    public static CanonicalPractitioner ToCanonical(PractitionerRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        NationalId = row.NationalId,
        Family = row.Family,
        Given = FromJson<List<string>>(row.GivenJson, []),
        Telecoms = FromJson<List<CanonicalTelecom>>(row.TelecomsJson, []),
        Languages = FromJson<List<string>>(row.LanguagesJson, []),
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
        Version = row.Version,
    };

    public static void Apply(PlaceRow row, CanonicalPlace p)
    {
        row.PractitionerNativeId = p.PractitionerNativeId;
        row.LocationIdentifierJson = p.LocationIdentifier is null ? null : ToJson(p.LocationIdentifier);
        row.LocationName = p.LocationName;
        row.AddressJson = p.Address is null ? null : ToJson(p.Address);
        row.PostalCode = p.Address?.PostalCode;
        row.Latitude = p.Position?.Latitude;
        row.Longitude = p.Position?.Longitude;
        row.OrganizationJson = p.Organization is null ? null : ToJson(p.Organization);
        row.TelecomsJson = ToJson(p.Telecoms);
        row.SpecialtiesJson = ToJson(p.Specialties);
        row.DurationsJson = ToJson(p.DeclaredDurations);
        row.Inactive = !p.Active;
        row.NotAvailableJson = ToJson(p.NotAvailable);
        row.HomeVisitRadiusMeters = p.HomeVisitRadiusMeters;
        row.HoursJson = ToJson(p.Hours);
        row.SourceLastUpdatedUtc = Utc(p.SourceLastUpdated);
        row.FetchedAtUtc = Utc(p.FetchedAt);
    }

    public static CanonicalPlace ToCanonical(PlaceRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        PractitionerNativeId = row.PractitionerNativeId,
        LocationIdentifier = FromJson<CanonicalIdentifier?>(row.LocationIdentifierJson, null),
        LocationName = row.LocationName,
        Address = FromJson<CanonicalAddress?>(row.AddressJson, null),
        Position = row.Latitude is { } lat && row.Longitude is { } lon ? new GeoPoint(lat, lon) : null,
        Organization = FromJson<CanonicalIdentifier?>(row.OrganizationJson, null),
        Telecoms = FromJson<List<CanonicalTelecom>>(row.TelecomsJson, []),
        Specialties = FromJson<List<CanonicalCode>>(row.SpecialtiesJson, []),
        DeclaredDurations = FromJson<List<DeclaredDuration>>(row.DurationsJson, []),
        Active = !row.Inactive,
        NotAvailable = FromJson<List<CanonicalUnavailability>>(row.NotAvailableJson, []),
        HomeVisitRadiusMeters = row.HomeVisitRadiusMeters,
        Hours = FromJson<List<CanonicalOpeningHours>>(row.HoursJson, []),
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
        Version = row.Version,
    };

    public static void Apply(ScheduleRow row, CanonicalSchedule s)
    {
        row.PractitionerNativeId = s.PractitionerNativeId;
        row.PlaceNativeId = s.PlaceNativeId;
        row.LocationNativeId = s.LocationNativeId;
        row.Inactive = !s.Active;
        row.SourceLastUpdatedUtc = Utc(s.SourceLastUpdated);
        row.FetchedAtUtc = Utc(s.FetchedAt);
    }

    public static CanonicalSchedule ToCanonical(ScheduleRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        PractitionerNativeId = row.PractitionerNativeId,
        PlaceNativeId = row.PlaceNativeId,
        LocationNativeId = row.LocationNativeId,
        Active = !row.Inactive,
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
        Version = row.Version,
    };

    public static SlotRow ToRow(CanonicalSlot s) => new()
    {
        SourceInstance = s.SourceInstance,
        NativeId = s.NativeId,
        ScheduleNativeId = s.ScheduleNativeId,
        PractitionerNationalId = s.PractitionerNationalId,
        OrganizationNationalId = s.OrganizationNationalId,
        CptsServicesJson = ToJson(s.CptsServiceNativeIds),
        StartUtc = Utc(s.Start),
        EndUtc = Utc(s.End),
        StartOffsetMinutes = (int)s.Start.Offset.TotalMinutes,
        EndOffsetMinutes = (int)s.End.Offset.TotalMinutes,
        Status = (int)s.Status,
        Types = (int)s.Types,
        Modes = (int)s.Modes,
        AppointmentKind = (int)s.AppointmentKind,
        SpecialtiesJson = ToJson(s.Specialties),
        MotivesJson = ToJson(s.Motives),
        BookingUrl = s.BookingUrl,
        Overbooked = s.Overbooked,
        SourceLastUpdatedUtc = Utc(s.SourceLastUpdated),
        FetchedAtUtc = Utc(s.FetchedAt),
    };

    public static CanonicalSlot ToCanonical(SlotRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        ScheduleNativeId = row.ScheduleNativeId,
        PractitionerNationalId = row.PractitionerNationalId,
        OrganizationNationalId = row.OrganizationNationalId,
        CptsServiceNativeIds = FromJson<List<string>>(row.CptsServicesJson, []),
        Start = Offset(row.StartUtc).ToOffset(TimeSpan.FromMinutes(row.StartOffsetMinutes)),
        End = Offset(row.EndUtc).ToOffset(TimeSpan.FromMinutes(row.EndOffsetMinutes)),
        Status = (SlotStatus)row.Status,
        Types = (SlotTypes)row.Types,
        Modes = (ConsultationModes)row.Modes,
        AppointmentKind = (AppointmentKind)row.AppointmentKind,
        Specialties = FromJson<List<CanonicalCode>>(row.SpecialtiesJson, []),
        Motives = FromJson<List<string>>(row.MotivesJson, []),
        BookingUrl = row.BookingUrl,
        Overbooked = row.Overbooked,
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
        Version = row.Version,
    };

    public static void Apply(OrganizationRow row, CanonicalOrganization o)
    {
        row.NationalId = o.NationalId;
        row.IdentifierJson = o.Identifier is null ? null : ToJson(o.Identifier);
        row.Name = o.Name;
        row.TelecomsJson = ToJson(o.Telecoms);
        row.StructureType = o.StructureType;
        row.SourceLastUpdatedUtc = Utc(o.SourceLastUpdated);
        row.FetchedAtUtc = Utc(o.FetchedAt);
    }

    public static CanonicalOrganization ToCanonical(OrganizationRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        NationalId = row.NationalId,
        Identifier = FromJson<CanonicalIdentifier?>(row.IdentifierJson, null),
        Name = row.Name,
        Telecoms = FromJson<List<CanonicalTelecom>>(row.TelecomsJson, []),
        StructureType = row.StructureType,
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
        Version = row.Version,
    };

    public static void Apply(HealthcareServiceRow row, CanonicalHealthcareService h)
    {
        row.OrganizationNativeId = h.OrganizationNativeId;
        row.Name = h.Name;
        row.SourceLastUpdatedUtc = Utc(h.SourceLastUpdated);
        row.FetchedAtUtc = Utc(h.FetchedAt);
    }

    public static CanonicalHealthcareService ToCanonical(HealthcareServiceRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        OrganizationNativeId = row.OrganizationNativeId,
        Name = row.Name,
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
        Version = row.Version,
    };

    public static void Apply(LocationRow row, CanonicalLocation l)
    {
        row.OrganizationNativeId = l.OrganizationNativeId;
        row.IdentifierJson = l.Identifier is null ? null : ToJson(l.Identifier);
        row.Name = l.Name;
        row.AddressJson = l.Address is null ? null : ToJson(l.Address);
        row.PostalCode = l.Address?.PostalCode;
        row.Latitude = l.Position?.Latitude;
        row.Longitude = l.Position?.Longitude;
        row.TelecomsJson = ToJson(l.Telecoms);
        row.HoursJson = ToJson(l.Hours);
        row.SourceLastUpdatedUtc = Utc(l.SourceLastUpdated);
        row.FetchedAtUtc = Utc(l.FetchedAt);
    }

    public static CanonicalLocation ToCanonical(LocationRow row) => new()
    {
        SourceInstance = row.SourceInstance,
        NativeId = row.NativeId,
        OrganizationNativeId = row.OrganizationNativeId,
        Identifier = FromJson<CanonicalIdentifier?>(row.IdentifierJson, null),
        Name = row.Name,
        Address = FromJson<CanonicalAddress?>(row.AddressJson, null),
        Position = row.Latitude is { } lat && row.Longitude is { } lon ? new GeoPoint(lat, lon) : null,
        Telecoms = FromJson<List<CanonicalTelecom>>(row.TelecomsJson, []),
        Hours = FromJson<List<CanonicalOpeningHours>>(row.HoursJson, []),
        SourceLastUpdated = Offset(row.SourceLastUpdatedUtc),
        FetchedAt = Offset(row.FetchedAtUtc),
        Version = row.Version,
    };
}
