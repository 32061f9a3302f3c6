namespace Sas.Interop.Core.Geography;

/// <summary>A WGS 84 position in decimal degrees.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>Mean Earth radius (IUGG), in metres: the haversine error it brings is under 0.5 %.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    public static bool IsValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    /// <summary>Great-circle distance (haversine), in metres.</summary>
    public double DistanceMetersTo(GeoPoint other)
    {
        var lat1 = double.DegreesToRadians(Latitude);
        var lat2 = double.DegreesToRadians(other.Latitude);
        var dLat = lat2 - lat1;
        var dLon = double.DegreesToRadians(other.Longitude - Longitude);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>
    /// A latitude/longitude box holding every point within <paramref name="radiusMeters"/>: cheap to test in SQL
    /// before the exact distance. Near a pole or across the antimeridian it widens to all longitudes.
    /// </summary>
    public GeoBoundingBox BoundingBox(double radiusMeters)
    {
        var dLat = double.RadiansToDegrees(radiusMeters / EarthRadiusMeters);
        var minLat = Math.Max(-90, Latitude - dLat);
        var maxLat = Math.Min(90, Latitude + dLat);
        var cosLat = Math.Cos(double.DegreesToRadians(Math.Max(Math.Abs(minLat), Math.Abs(maxLat))));
        if (maxLat >= 90 || minLat <= -90 || cosLat < 1e-6)
        {
            return new GeoBoundingBox(minLat, maxLat, -180, 180);
        }

        var dLon = double.RadiansToDegrees(radiusMeters / (EarthRadiusMeters * cosLat));
        var minLon = Longitude - dLon;
        var maxLon = Longitude + dLon;
        return minLon < -180 || maxLon > 180 ? new GeoBoundingBox(minLat, maxLat, -180, 180) : new GeoBoundingBox(minLat, maxLat, minLon, maxLon);
    }
}
