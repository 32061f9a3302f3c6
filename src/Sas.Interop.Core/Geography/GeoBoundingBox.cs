namespace Sas.Interop.Core.Geography;

/// <summary>Inclusive latitude/longitude bounds, in decimal degrees.</summary>
public readonly record struct GeoBoundingBox(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude);
